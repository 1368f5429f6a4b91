package io.skiff.distribution;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Where a module's build puts its runnable jar, read from the poms: the parent's antrun execution
 * copies the Spring Boot {@code -exec} jar to a name made of the module's properties, and a module
 * gets that jar only if it runs the plugin.
 */
final class RunnableJar {

    private RunnableJar() {}

    /** The jar's path relative to the repository root, e.g. services/scheduler/target/scheduler.jar. */
    static String path(String service) {
        Document parent = parse(SourceTree.root().resolve("pom.xml"));
        Document module = parse(SourceTree.module(service).resolve("pom.xml"));
        if (!usesPlugin(module, "maven-antrun-plugin")) {
            throw new AssertionError(service + "'s pom does not run maven-antrun-plugin: no runnable jar is copied");
        }
        String toFile = text(
                parent, "//plugin[artifactId='maven-antrun-plugin']//execution[id='runnable-jar-name']//copy/@tofile");
        String artifactId = text(module, "/project/artifactId");
        String resolved =
                toFile.replace("${project.build.directory}", "target").replace("${project.artifactId}", artifactId);
        if (resolved.contains("${")) {
            throw new AssertionError("unresolved property in the runnable jar's name: " + toFile);
        }
        return "services/" + service + "/" + resolved;
    }

    private static boolean usesPlugin(Document pom, String artifactId) {
        NodeList plugins = (NodeList) evaluate(pom, "/project/build/plugins/plugin[artifactId='" + artifactId + "']");
        return plugins.getLength() > 0;
    }

    private static String text(Document document, String xpath) {
        try {
            String value = XPathFactory.newInstance().newXPath().evaluate(xpath, document);
            if (value == null || value.isBlank()) {
                throw new AssertionError("nothing at " + xpath);
            }
            return value.strip();
        } catch (javax.xml.xpath.XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    private static Object evaluate(Document document, String xpath) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
        } catch (javax.xml.xpath.XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    private static Document parse(Path pom) {
        try {
            Document document =
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            Element root = document.getDocumentElement();
            root.normalize();
            return document;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }
}
