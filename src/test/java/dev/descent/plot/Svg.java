package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An SVG plot read back as XML: its texts, and the elements drawn in a given colour. JFreeSVG wraps each drawn
 * element in a {@code <g style=...>} that carries its paint, so a run's line is a stroked path in the run's colour
 * and each of its marks a group filled with it. Public for the pictures of other features (the schedule preview).
 */
public final class Svg {

    private final Document document;

    private Svg(Document document) {
        this.document = document;
    }

    /** Parses the bytes as XML (never fetching the DTD the document names) and checks the root is an svg. */
    public static Svg parse(byte[] bytes) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        Document document = builder.parse(new ByteArrayInputStream(bytes));
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
        return new Svg(document);
    }

    public double width() {
        return Double.parseDouble(document.getDocumentElement().getAttribute("width"));
    }

    public double height() {
        return Double.parseDouble(document.getDocumentElement().getAttribute("height"));
    }

    /** The content of every text element, in document order. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        NodeList nodes = document.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    public int count(String element) {
        return document.getElementsByTagNameNS("*", element).getLength();
    }

    /** Paths stroked in this colour: a run's line, and its line in the legend. */
    public int strokedPaths(Color color) {
        return groups("stroke:" + rgb(color) + ";", "path");
    }

    /** The pieces (a move-to each) of the paths stroked in this colour: a line broken by gaps has several. */
    public int strokedPieces(Color color) {
        int pieces = 0;
        NodeList groups = document.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element group = (Element) groups.item(i);
            if (group.getAttribute("style").replace(" ", "").contains("stroke:" + rgb(color) + ";")) {
                NodeList paths = group.getElementsByTagNameNS("*", "path");
                for (int j = 0; j < paths.getLength(); j++) {
                    pieces += ((Element) paths.item(j)).getAttribute("d").replaceAll("[^M]", "").length();
                }
            }
        }
        return pieces;
    }

    /** Groups filled with this colour: a run's marks, and its mark in the legend. */
    public int filledShapes(Color color) {
        return groups("fill:" + rgb(color), "path");
    }

    private int groups(String style, String child) {
        int count = 0;
        NodeList groups = document.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element group = (Element) groups.item(i);
            if (group.getAttribute("style").replace(" ", "").contains(style)
                    && group.getElementsByTagNameNS("*", child).getLength() > 0) {
                count++;
            }
        }
        return count;
    }

    private static String rgb(Color color) {
        return "rgb(" + color.getRed() + "," + color.getGreen() + "," + color.getBlue() + ")";
    }

    /** Decodes a PNG. */
    public static BufferedImage png(byte[] bytes) throws IOException {
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("a decodable PNG").isNotNull();
        return image;
    }
}
