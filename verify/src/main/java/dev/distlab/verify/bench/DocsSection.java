package dev.distlab.verify.bench;

/**
 * Replaces one bench's generated section of a Markdown file, between {@code <!-- bench:NAME -->} and
 * {@code <!-- /bench:NAME -->}, and leaves every other line as it was; a section not there yet is appended.
 */
final class DocsSection {

    private DocsSection() {
    }

    static String begin(String name) {
        return "<!-- bench:" + name + " -->";
    }

    static String end(String name) {
        return "<!-- /bench:" + name + " -->";
    }

    static String replace(String document, String name, String body) {
        String section = begin(name) + "\n" + body.strip() + "\n" + end(name);
        int start = document.indexOf(begin(name));
        int stop = document.indexOf(end(name));
        if (start >= 0 && stop > start) {
            return document.substring(0, start) + section + document.substring(stop + end(name).length());
        }
        if (start >= 0 || stop >= 0) {
            throw new IllegalArgumentException("the section '" + name + "' has only one of its two markers ("
                    + begin(name) + ", " + end(name) + "); mend the file by hand");
        }
        String head = document.isEmpty() || document.endsWith("\n\n") ? document
                : document.endsWith("\n") ? document + "\n" : document + "\n\n";
        return head + section + "\n";
    }
}
