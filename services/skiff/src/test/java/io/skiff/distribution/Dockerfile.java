package io.skiff.distribution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as its instructions: continuation lines joined, each instruction with the
 * comment lines just above it (where a Dockerfile explains itself) and the build stage it is in.
 */
record Dockerfile(Path file, List<Instruction> instructions) {

    record Instruction(int stage, String keyword, String arguments, String comment) {}

    static Dockerfile read(Path file) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder comment = new StringBuilder();
        StringBuilder current = null;
        int stage = -1;
        for (String line : SourceTree.read(file).split("\n", -1)) {
            String trimmed = line.strip();
            if (current == null && trimmed.startsWith("#")) {
                comment.append(trimmed.substring(1).strip()).append('\n');
                continue;
            }
            if (current == null && trimmed.isEmpty()) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
            } else if (trimmed.startsWith("#")) {
                continue;
            }
            boolean continued = trimmed.endsWith("\\");
            current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed)
                    .append(' ');
            if (!continued) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
                String arguments = space < 0 ? "" : text.substring(space + 1).strip();
                if (keyword.equals("FROM")) {
                    stage++;
                }
                instructions.add(new Instruction(stage, keyword, arguments, comment.toString()));
                comment.setLength(0);
                current = null;
            }
        }
        return new Dockerfile(file, List.copyOf(instructions));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The instructions of the last stage: what the image is. */
    List<Instruction> finalStage(String keyword) {
        int last = instructions.stream().mapToInt(Instruction::stage).max().orElse(0);
        return all(keyword).stream().filter(i -> i.stage() == last).toList();
    }
}
