package io.netweave.o2ims.server.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instructions of the repository's Dockerfile (continuation lines joined, comments dropped),
 * and what the runtime stage says about the container: its base, user, port, and the exec-form
 * ENTRYPOINT and CMD.
 */
record DockerfileInstructions(List<Instruction> all) {
  record Instruction(String keyword, String arguments) {}

  static DockerfileInstructions read() {
    List<Instruction> out = new ArrayList<>();
    try {
      StringBuilder pending = new StringBuilder();
      for (String raw : Files.readAllLines(Repository.path("Dockerfile"))) {
        String line = raw.strip();
        if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
          continue;
        }
        if (line.endsWith("\\")) {
          pending.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        pending.append(line);
        String text = pending.toString().strip();
        pending.setLength(0);
        int space = text.indexOf(' ');
        out.add(
            new Instruction(
                text.substring(0, space).toUpperCase(Locale.ROOT),
                text.substring(space + 1).strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DockerfileInstructions(List.copyOf(out));
  }

  /** The instructions of the last stage (the runtime image). */
  List<Instruction> runtimeStage() {
    int from = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        from = i;
      }
    }
    return all.subList(from, all.size());
  }

  List<String> runtime(String keyword) {
    return runtimeStage().stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  String single(String keyword) {
    List<String> found = runtime(keyword);
    if (found.size() != 1) {
      throw new IllegalStateException(
          "expected one " + keyword + " in the runtime stage: " + found);
    }
    return found.get(0);
  }

  /** An exec-form (JSON array) ENTRYPOINT or CMD. */
  List<String> execForm(String keyword) {
    try {
      return new ObjectMapper().readValue(single(keyword), new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new IllegalStateException(keyword + " is not in exec form: " + single(keyword), e);
    }
  }

  /** The container's command line: ENTRYPOINT then CMD. */
  List<String> commandLine() {
    List<String> command = new ArrayList<>(execForm("ENTRYPOINT"));
    command.addAll(execForm("CMD"));
    return command;
  }

  static Path path() {
    return Repository.path("Dockerfile");
  }
}
