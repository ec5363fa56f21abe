package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ScalePlotTest {

    @Test
    void shouldDrawEverySeriesInBothPanelsAsWellFormedSvg() throws Exception {
        Map<String, List<ScalePlot.Point>> curves = new LinkedHashMap<>();
        curves.put("gateway <proxy>", List.of(new ScalePlot.Point(1, 900, 2), new ScalePlot.Point(32, 4000, 30),
                new ScalePlot.Point(512, 3800, 400)));
        curves.put("nginx", List.of(new ScalePlot.Point(1, 1500, 1), new ScalePlot.Point(32, 12000, 8),
                new ScalePlot.Point(512, 11000, Double.NaN)));

        String svg = ScalePlot.svg("Gateway vs nginx & co", curves);
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        NodeList lines = doc.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(4); // two series, two panels
        assertThat(((Element) lines.item(0)).getTextContent()).isEqualTo("gateway <proxy>");
        assertThat(((Element) lines.item(0)).getAttribute("points").split(" ")).hasSize(3);
        // the p99 the run could not measure is left out, not drawn at 0
        assertThat(((Element) lines.item(3)).getAttribute("points").split(" ")).hasSize(2);
        assertThat(svg).doesNotContain("<script").contains(">512<", "connections (log scale)");
    }

    @Test
    void shouldPlaceConcurrencyOnALogScale() throws Exception {
        Map<String, List<ScalePlot.Point>> curves = Map.of("s", List.of(new ScalePlot.Point(1, 1, 1),
                new ScalePlot.Point(16, 1, 1), new ScalePlot.Point(256, 1, 1)));
        String points = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(ScalePlot.svg("t", curves).getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagName("polyline").item(0).getAttributes().getNamedItem("points").getNodeValue();
        String[] xy = points.split(" ");
        double x1 = Double.parseDouble(xy[0].split(",")[0]);
        double x16 = Double.parseDouble(xy[1].split(",")[0]);
        double x256 = Double.parseDouble(xy[2].split(",")[0]);

        // 16 is half-way between 1 and 256 on a log scale
        assertThat(x16 - x1).isCloseTo(x256 - x16, org.assertj.core.api.Assertions.within(0.2));
    }
}
