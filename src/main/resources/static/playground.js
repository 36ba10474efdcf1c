// The playground: everything goes through the public API (functions, optimizers, plots/grid, optimizations,
// learning-rate range tests, plots); plotly.js draws. No expression is parsed here: the service evaluates the
// objective on a grid. An answer from an older service (no `last`, `diagnosis` or `curvature`) still shows.
'use strict';

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];
const $ = id => document.getElementById(id);
const state = {functions: [], grid: null, runs: [], rangeTestPicture: null};

/** A number to read: 6 significant digits, in exponent form when very large or small; 'null' when not finite. */
function num(value) {
    if (value === null || value === undefined) {
        return 'null';
    }
    const magnitude = Math.abs(value);
    return magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-4) ? value.toExponential(4)
        : String(+value.toPrecision(6));
}

function pointText(point) {
    return Object.entries(point).map(([k, v]) => `${k}=${num(v)}`).join(', ');
}

/** The iterate a run ended on: `last`; an older answer has only `minimum`, which was then the last iterate. */
function lastOf(run) {
    return run.last || run.minimum;
}

/** Whether the run ended elsewhere than at its best point. */
function endedElsewhere(run) {
    return Boolean(run.last) && run.last.iteration !== run.minimum.iteration;
}

async function api(method, path, body) {
    const response = await fetch(path, {
        method,
        headers: body ? {'Content-Type': 'application/json', 'Accept': 'application/json'} : {'Accept': 'application/json'},
        body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) {
        const errors = (json.errors || []).map(e => `${e.field}: ${e.message}`).join('; ');
        throw new Error(errors || json.detail || json.title || `HTTP ${response.status}`);
    }
    return json;
}

function say(text) {
    $('message').textContent = text || '';
}

function objective() {
    const name = $('function').value;
    return name ? {function: name} : {expression: $('expression').value};
}

function ranges(variables) {
    const bounds = [[+$('x-min').value, +$('x-max').value], [+$('y-min').value, +$('y-max').value]];
    return Object.fromEntries(variables.slice(0, 2).map((v, i) => [v, bounds[i]]));
}

function variablesOf() {
    const name = $('function').value;
    if (name) {
        return Object.keys(state.functions.find(f => f.name === name).defaultStart);
    }
    return state.grid ? state.grid.variables : [];
}

/** "x=1, y=2" as {x: 1, y: 2}; empty for a catalog function's default start. */
function parseStart() {
    const text = $('start').value.trim();
    if (!text) {
        return undefined;
    }
    const start = {};
    for (const part of text.split(',')) {
        const [name, value] = part.split('=').map(s => s.trim());
        start[name] = Number(value);
    }
    return start;
}

function showStart(point) {
    $('start').value = Object.entries(point).map(([k, v]) => `${k}=${+v.toPrecision(4)}`).join(', ');
}

/** A view around the default start and the known minima, inside the usual domain. */
function viewOf(fn) {
    const points = [fn.defaultStart, ...fn.knownMinima.map(m => m.point)].map(p => Object.values(p));
    const box = [0, 1].map(i => [Math.min(...points.map(p => p[i])), Math.max(...points.map(p => p[i]))]);
    const size = Math.max(1, ...box.map(([lo, hi]) => hi - lo)) * 1.5;
    return box.map(([lo, hi]) => {
        const mid = (lo + hi) / 2;
        return [Math.max(fn.domain[0], mid - size / 2), Math.min(fn.domain[1], mid + size / 2)]
            .map(v => +v.toFixed(3));
    });
}

async function drawObjective() {
    say('');
    let variables = $('function').value ? variablesOf() : null;
    if (!variables) {
        // An expression's variables come from the service: a grid of 2 steps with no ranges names them.
        try {
            variables = (await api('POST', '/api/v1/plots/grid', {objective: objective(), ranges: {}, steps: 2}))
                .variables;
        } catch (e) {
            state.grid = null;
            drawPaths();
            say(e.message);
            return;
        }
    }
    if (variables.length > 2) {
        state.grid = {variables};
        drawPaths();
        return;
    }
    try {
        state.grid = await api('POST', '/api/v1/plots/grid', {objective: objective(), ranges: ranges(variables),
            steps: 101});
    } catch (e) {
        state.grid = null;
        say(e.message);
    }
    drawPaths();
}

function contourTrace(grid) {
    // Contours of log10(f - min + delta), so that valleys show and not only the walls.
    const span = grid.max - grid.min;
    const delta = Math.max(span * 1e-4, 1e-12);
    const z = grid.values.map(row => row.map(v => v === null ? null : Math.log10(v - grid.min + delta)));
    return {type: 'contour', x: grid.x, y: grid.y, z, name: 'f', colorscale: 'Viridis', opacity: 0.55,
        showscale: false, contours: {coloring: 'heatmap'}, hovertemplate: `${grid.variables[0]}=%{x:.3f}, `
            + `${grid.variables[1]}=%{y:.3f}<extra></extra>`, line: {width: 0.6, color: 'rgba(40,40,40,0.5)'}};
}

function drawPaths() {
    const grid = state.grid;
    const traces = [];
    const layout = {margin: {t: 40, r: 10, b: 50, l: 55}, legend: {orientation: 'h', y: -0.15},
        title: {text: 'Paths'}};
    if (!grid || grid.variables.length > 2) {
        layout.annotations = [{text: grid ? `A path needs 1 or 2 variables; this objective has ${grid.variables.length}.`
                : 'No objective drawn', showarrow: false, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5}];
    } else if (grid.variables.length === 1) {
        traces.push({x: grid.x, y: grid.values[0], mode: 'lines', name: `f(${grid.variables[0]})`,
            line: {color: '#333'}});
        state.runs.forEach((run, i) => traces.push({x: run.trajectory.map(p => p.point[grid.variables[0]]),
            y: run.trajectory.map(p => p.value), mode: 'lines+markers', name: run.label,
            line: {color: COLOURS[i % COLOURS.length]}}));
        state.runs.forEach((run, i) => traces.push(bestMarker(run, i, run.minimum.point[grid.variables[0]],
            run.minimum.value)));
        layout.xaxis = {title: {text: grid.variables[0]}};
        layout.yaxis = {title: {text: `f(${grid.variables[0]})`}};
    } else {
        const [vx, vy] = grid.variables;
        traces.push(contourTrace(grid));
        state.runs.forEach((run, i) => {
            const colour = COLOURS[i % COLOURS.length];
            const xs = run.trajectory.map(p => p.point[vx]);
            const ys = run.trajectory.map(p => p.point[vy]);
            traces.push({x: xs, y: ys, mode: 'lines', name: run.label, line: {color: colour, width: 2}});
            traces.push({x: [xs[0], xs[xs.length - 1]], y: [ys[0], ys[ys.length - 1]], mode: 'markers',
                showlegend: false, hoverinfo: 'skip', marker: {color: colour, size: [12, 10],
                    symbol: ['circle-open', 'square']}});
            traces.push(bestMarker(run, i, run.minimum.point[vx], run.minimum.point[vy]));
        });
        const start = parseStart();
        if (start && start[vx] !== undefined && start[vy] !== undefined) {
            traces.push({x: [start[vx]], y: [start[vy]], mode: 'markers', name: 'start', hoverinfo: 'skip',
                marker: {color: '#000', size: 12, symbol: 'circle-open', line: {width: 2}}});
        }
        layout.xaxis = {title: {text: vx}, range: [grid.x[0], grid.x[grid.x.length - 1]]};
        layout.yaxis = {title: {text: vy}, range: [grid.y[0], grid.y[grid.y.length - 1]]};
    }
    Plotly.react('path-plot', traces, layout, {responsive: true, displaylogo: false});
}

/** A star on the best point a run saw (where it ended is the line's end). */
function bestMarker(run, i, x, y) {
    return {x: [x], y: [y], mode: 'markers', name: `best: ${run.label}`, showlegend: false,
        hovertemplate: `best of ${run.label}: f = ${num(run.minimum.value)}<extra></extra>`,
        marker: {color: COLOURS[i % COLOURS.length], size: 15, symbol: 'star', line: {width: 1, color: '#000'}}};
}

function drawConvergence() {
    const finite = state.runs.flatMap(run => run.trajectory.map(p => p.value)).filter(v => v !== null);
    const log = finite.length > 0 && finite.every(v => v > 0);
    const traces = state.runs.map((run, i) => ({x: run.trajectory.map(p => p.iteration),
        y: run.trajectory.map(p => p.value), mode: 'lines', name: run.label,
        line: {color: COLOURS[i % COLOURS.length]}}));
    Plotly.react('convergence-plot', traces, {title: {text: 'Convergence'}, margin: {t: 40, r: 10, b: 50, l: 60},
        legend: {orientation: 'h', y: -0.15}, xaxis: {title: {text: 'iteration'}},
        yaxis: {title: {text: log ? 'f (log scale)' : 'f'}, type: log ? 'log' : 'linear', exponentformat: 'e'}},
        {responsive: true, displaylogo: false});
}

function fillTable() {
    const body = $('results').querySelector('tbody');
    body.replaceChildren(...state.runs.map(run => {
        const row = document.createElement('tr');
        const last = lastOf(run);
        const ended = endedElsewhere(run)
            ? `${pointText(last.point)}; f = ${num(last.value)} (iteration ${last.iteration})` : 'the best point';
        const cells = [run.optimizer.type, run.optimizer.learningRate, run.status, run.iterations,
            pointText(run.minimum.point), num(run.minimum.value), run.minimum.iteration ?? '', ended];
        cells.forEach((value, i) => {
            const cell = document.createElement('td');
            cell.textContent = value;
            if ([1, 3, 5, 6].includes(i)) {
                cell.className = 'number';
            }
            row.appendChild(cell);
        });
        return row;
    }));
}

/** A paragraph with a class (for tests and styles) and its text. */
function paragraph(className, ...children) {
    const p = document.createElement('p');
    p.className = className;
    p.append(...children);
    return p;
}

/**
 * What each run tells: the diagnosis (its kind as a label, and its sentence) and, for a run of 1 or 2 variables,
 * the curvature's sentence with the critical learning rate and the oscillation threshold when the optimizer has them.
 */
function fillVerdicts() {
    $('verdicts').replaceChildren(...state.runs.filter(run => run.diagnosis || run.curvature).map(run => {
        const article = document.createElement('article');
        article.className = 'verdict';
        article.dataset.run = run.label;
        const heading = document.createElement('h3');
        heading.textContent = run.label;
        heading.style.borderLeftColor = COLOURS[state.runs.indexOf(run) % COLOURS.length];
        article.append(heading);
        if (run.diagnosis) {
            const kind = document.createElement('span');
            kind.className = `diagnosis-kind kind-${run.diagnosis.kind.toLowerCase()}`;
            kind.textContent = run.diagnosis.kind;
            const sentence = document.createElement('span');
            sentence.className = 'diagnosis-sentence';
            sentence.textContent = run.diagnosis.sentence;
            article.append(paragraph('diagnosis', kind, ' ', sentence));
        }
        const curvature = run.curvature;
        if (curvature && Object.keys(run.minimum.point).length <= 2) {
            if (curvature.sentence) {
                article.append(paragraph('curvature-sentence', curvature.sentence));
            }
            const rates = [];
            if (curvature.criticalLearningRate != null) {
                const rate = document.createElement('span');
                rate.className = 'critical-rate';
                rate.textContent = num(curvature.criticalLearningRate);
                rates.push('critical learning rate (diverges above) ', rate);
            }
            if (curvature.oscillationThreshold != null) {
                const threshold = document.createElement('span');
                threshold.className = 'oscillation-threshold';
                threshold.textContent = num(curvature.oscillationThreshold);
                rates.push(rates.length ? '; oscillation threshold (rings above) ' : 'oscillation threshold ',
                    threshold);
            }
            if (rates.length) {
                article.append(paragraph('rates', ...rates));
            }
        }
        return article;
    }));
}

async function run(event) {
    event.preventDefault();
    say('');
    const types = [...document.querySelectorAll('#optimizers input:checked')].map(box => box.value);
    const rates = $('rates').value.split(',').map(s => s.trim()).filter(Boolean).map(Number);
    if (types.length === 0 || rates.length === 0) {
        say('Pick at least one optimizer and one learning rate.');
        return;
    }
    const jobs = types.flatMap(type => rates.map(rate => ({type, rate})));
    $('run').disabled = true;
    const settled = await Promise.allSettled(jobs.map(({type, rate}) => api('POST', '/api/v1/optimizations', {
        objective: objective(), start: parseStart(), optimizer: {type, learningRate: rate},
        maxIterations: +$('max-iterations').value, tolerance: 0, trajectory: {maxPoints: 500},
    }).then(result => ({...result, label: `${type}, lr ${rate}`}))));
    $('run').disabled = false;
    state.runs = settled.filter(s => s.status === 'fulfilled').map(s => s.value);
    const failures = settled.filter(s => s.status === 'rejected').map(s => s.reason.message);
    say([...new Set(failures)].join(' | '));
    drawPaths();
    drawConvergence();
    fillTable();
    fillVerdicts();
}

const RULES = {
    STEEPEST: 'where the smoothed loss falls fastest',
    MINIMUM_OVER_TEN: 'a tenth of the rate of the lowest smoothed loss, which never falls',
};

/** The range test drawn by the plot endpoint, as a blob (SVG); a problem answer becomes an Error. */
async function rangeTestPicture(request) {
    const response = await fetch('/api/v1/plots?kind=rangeTest&format=svg', {method: 'POST',
        headers: {'Content-Type': 'application/json', 'Accept': 'image/svg+xml, application/problem+json'},
        body: JSON.stringify({rangeTest: request})});
    if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || problem.title || `HTTP ${response.status}`);
    }
    return response.blob();
}

function showRangeTestPicture(blob, alt) {
    const img = $('range-test-plot');
    if (state.rangeTestPicture) {
        URL.revokeObjectURL(state.rangeTestPicture);
        state.rangeTestPicture = null;
    }
    img.hidden = !blob;
    img.alt = blob ? alt : '';
    if (blob) {
        state.rangeTestPicture = URL.createObjectURL(blob);
        img.src = state.rangeTestPicture;
    } else {
        img.removeAttribute('src');
    }
}

/** A learning-rate range test of the first optimizer ticked, from the current objective and start. */
async function findRate() {
    const box = document.querySelector('#optimizers input:checked');
    if (!box) {
        say('Tick an optimizer to find its learning rate.');
        return;
    }
    say('');
    const type = box.value;
    const request = {objective: objective(), start: parseStart(), optimizer: {type}};
    $('range-test').hidden = false;
    $('use-rate').hidden = true;
    $('range-test-result').textContent = `Sweeping the learning rate of ${type}…`;
    $('find-rate').disabled = true;
    const [answer, picture] = await Promise.allSettled([
        api('POST', '/api/v1/learning-rate-range-tests', request), rangeTestPicture(request)]);
    $('find-rate').disabled = false;
    if (answer.status === 'rejected') {
        $('range-test-result').textContent = `No range test: ${answer.reason.message}`;
        showRangeTestPicture(null);
        return;
    }
    const test = answer.value;
    const rate = test.suggestedLearningRate;
    if (rate == null) {
        $('range-test-result').textContent = `No suggestion for ${type}: ${test.stopReason}.`;
    } else {
        const shown = num(rate);
        $('range-test-result').textContent = `Suggested learning rate for ${type}: ${shown} (rule ${test.rule}: `
            + `${RULES[test.rule] || 'see the API'}). The sweep ended ${test.status}: ${test.stopReason}.`;
        // Filled in to three significant digits, as the picture labels it: the sweep is no finer than that.
        const filled = String(+rate.toPrecision(3));
        $('use-rate').textContent = `Use ${filled} as the learning rate`;
        $('use-rate').dataset.rate = filled;
        $('use-rate').hidden = false;
    }
    showRangeTestPicture(picture.status === 'fulfilled' ? picture.value : null,
        `Range test of ${type}: the loss and its smoothed curve against the learning rate (log scale)`
            + (rate == null ? '' : `, the suggested rate ${num(rate)} marked`));
    if (picture.status === 'rejected') {
        say(`The range test's picture: ${picture.reason.message}`);
    }
}

function useRate() {
    $('rates').value = $('use-rate').dataset.rate;
    $('rates').focus();
}

function onFunctionChange() {
    const name = $('function').value;
    $('expression').disabled = Boolean(name);
    if (name) {
        const fn = state.functions.find(f => f.name === name);
        $('expression').value = fn.formula;
        const [[x0, x1], [y0, y1]] = viewOf(fn);
        [$('x-min').value, $('x-max').value, $('y-min').value, $('y-max').value] = [x0, x1, y0, y1];
        showStart(fn.defaultStart);
    }
    state.runs = [];
    $('range-test').hidden = true;
    drawObjective();
    drawConvergence();
    fillTable();
    fillVerdicts();
}

async function init() {
    try {
        const [functions, optimizers] = await Promise.all([api('GET', '/api/v1/functions'),
            api('GET', '/api/v1/optimizers')]);
        state.functions = functions;
        for (const fn of functions) {
            $('function').add(new Option(`${fn.name} (${fn.dimension}-D)`, fn.name));
        }
        $('optimizers').replaceChildren(...optimizers.map(o => {
            const label = document.createElement('label');
            const box = document.createElement('input');
            box.type = 'checkbox';
            box.value = o.type;
            box.checked = o.type === 'adam';
            label.append(box, o.type);
            label.title = o.summary;
            return label;
        }));
    } catch (e) {
        say(e.message);
    }
    $('function').addEventListener('change', onFunctionChange);
    $('draw').addEventListener('click', drawObjective);
    $('controls').addEventListener('submit', run);
    $('find-rate').addEventListener('click', findRate);
    $('use-rate').addEventListener('click', useRate);
    await drawObjective();
    drawConvergence();
    // A click on the map sets the start (2-D): Plotly reports the nearest grid point of the contour.
    $('path-plot').on('plotly_click', event => {
        const grid = state.grid;
        const point = event.points && event.points[0];
        if (grid && grid.variables.length === 2 && point) {
            showStart({[grid.variables[0]]: point.x, [grid.variables[1]]: point.y});
            drawPaths();
        }
    });
    document.body.dataset.ready = 'true';
}

window.addEventListener('DOMContentLoaded', init);
