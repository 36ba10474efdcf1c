// The playground: everything goes through the public API (functions, optimizers, plots/grid, optimizations);
// plotly.js draws. No expression is parsed here: the service evaluates the objective on a grid.
'use strict';

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];
const $ = id => document.getElementById(id);
const state = {functions: [], grid: null, runs: []};

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
        const point = Object.entries(run.minimum.point)
            .map(([k, v]) => `${k}=${v === null ? 'null' : v.toPrecision(6)}`).join(', ');
        const cells = [run.optimizer.type, run.optimizer.learningRate, run.status, run.iterations, point,
            run.minimum.value === null ? 'null' : run.minimum.value.toPrecision(6)];
        cells.forEach((value, i) => {
            const cell = document.createElement('td');
            cell.textContent = value;
            if ([1, 3, 5].includes(i)) {
                cell.className = 'number';
            }
            row.appendChild(cell);
        });
        return row;
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
    drawObjective();
    drawConvergence();
    fillTable();
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
