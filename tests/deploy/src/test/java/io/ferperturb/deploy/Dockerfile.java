package io.ferperturb.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile as instructions (continuation lines joined, comments dropped), split into stages. */
record Dockerfile(Path path, List<Stage> stages) {
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String from, String name, List<Instruction> instructions) {
        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        /** ENV values of this stage, later ones overriding earlier ones. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String arguments : all("ENV")) {
                Matcher pair = ENV_PAIR.matcher(arguments);
                boolean any = false;
                while (pair.find()) {
                    String value = pair.group(2);
                    env.put(pair.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
                    any = true;
                }
                if (!any) {
                    String[] legacy = arguments.split("\\s+", 2);
                    env.put(legacy[0], legacy.length > 1 ? legacy[1] : "");
                }
            }
            return env;
        }
    }

    static Dockerfile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("missing " + Repo.ROOT.relativize(path));
        }
        List<Stage> stages = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (String line : Repo.read(path).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            lines.add(logical.toString().strip());
            logical.setLength(0);
        }
        Stage current = null;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase();
            String arguments = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                String[] from = arguments.split("\\s+");
                current = new Stage(from[0], from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null, new ArrayList<>());
                stages.add(current);
            } else if (current != null) {
                current.instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(path, stages);
    }

    /** The stage that becomes the image. */
    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** ARG defaults declared before the first FROM, e.g. JRE_IMAGE. */
    Map<String, String> globalArgs() {
        Map<String, String> args = new LinkedHashMap<>();
        for (String line : Repo.read(path).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("FROM ")) {
                break;
            }
            if (trimmed.startsWith("ARG ") && trimmed.contains("=")) {
                String[] pair = trimmed.substring(4).split("=", 2);
                args.put(pair[0].strip(), pair[1].strip());
            }
        }
        return args;
    }

    /** A FROM image with ${ARG} replaced by the ARG's default. */
    String resolve(String image) {
        String resolved = image;
        for (Map.Entry<String, String> arg : globalArgs().entrySet()) {
            resolved = resolved.replace("${" + arg.getKey() + "}", arg.getValue());
        }
        return resolved;
    }
}
