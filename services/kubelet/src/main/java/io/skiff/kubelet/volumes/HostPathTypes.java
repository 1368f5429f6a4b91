package io.skiff.kubelet.volumes;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hostPath type checks Kubernetes makes before a pod starts: DirectoryOrCreate and
 * FileOrCreate create what is missing (0755 directories, 0644 empty files); Directory, File,
 * Socket, CharDevice and BlockDevice require the path to be one; an empty type checks nothing.
 */
final class HostPathTypes {

    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int CHAR_DEVICE = 0020000;
    private static final int NEW_DIRECTORY_MODE = 0755;
    private static final int NEW_FILE_MODE = 0644;

    private HostPathTypes() {}

    /** Kubernetes' ValidatePathNoBacksteps, then the type check. */
    static void check(String path, String type) throws VolumeSetupException {
        for (String item : path.split("/")) {
            if (item.equals("..")) {
                throw new VolumeSetupException("invalid HostPath `" + path + "`: must not contain '..'");
            }
        }
        if (type == null || type.isEmpty()) {
            return;
        }
        Path file = Path.of(path);
        switch (type) {
            case "DirectoryOrCreate" -> {
                if (!Files.exists(file)) {
                    makeDirectory(file);
                    return;
                }
                requireDirectory(path, file);
            }
            case "Directory" -> requireDirectory(path, file);
            case "FileOrCreate" -> {
                if (!Files.exists(file)) {
                    makeFile(file);
                    return;
                }
                requireFile(path, file);
            }
            case "File" -> requireFile(path, file);
            case "Socket" -> requireType(file, SOCKET, "hostPath type check failed: " + path + " is not a socket file");
            case "CharDevice" ->
                requireType(file, CHAR_DEVICE, "hostPath type check failed: " + path + " is not a character device");
            case "BlockDevice" ->
                requireType(file, BLOCK_DEVICE, "hostPath type check failed: " + path + " is not a block device");
            default -> throw new VolumeSetupException(type + " is an invalid volume type");
        }
    }

    private static void requireDirectory(String path, Path file) throws VolumeSetupException {
        if (!Files.isDirectory(file)) {
            throw new VolumeSetupException("hostPath type check failed: " + path + " is not a directory");
        }
    }

    private static void requireFile(String path, Path file) throws VolumeSetupException {
        if (!Files.isRegularFile(file)) {
            throw new VolumeSetupException("hostPath type check failed: " + path + " is not a file");
        }
    }

    private static void requireType(Path file, int fileType, String message) throws VolumeSetupException {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            if ((mode & FILE_TYPE_MASK) == fileType) {
                return;
            }
        } catch (IOException e) {
            // a path that cannot be read is not of the type either
        }
        throw new VolumeSetupException(message);
    }

    /** Like os.MkdirAll: parents too; an existing file in the way is an error. */
    private static void makeDirectory(Path file) throws VolumeSetupException {
        try {
            Path missing = file;
            while (missing.getParent() != null && !Files.exists(missing.getParent())) {
                missing = missing.getParent();
            }
            Files.createDirectories(file);
            for (Path created = file; created != null && created.startsWith(missing); created = created.getParent()) {
                Files.setAttribute(created, "unix:mode", NEW_DIRECTORY_MODE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new VolumeSetupException("mkdir " + e.getFile() + ": not a directory", e);
        } catch (IOException e) {
            throw new VolumeSetupException("mkdir " + file + ": " + e.getMessage(), e);
        }
    }

    /** Like os.OpenFile(O_CREATE, 0644): the parent directory must exist. */
    private static void makeFile(Path file) throws VolumeSetupException {
        try {
            Files.createFile(file);
            Files.setAttribute(file, "unix:mode", NEW_FILE_MODE);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile: fine, as with O_CREATE
        } catch (IOException e) {
            throw new VolumeSetupException("open " + file + ": no such file or directory", e);
        }
    }
}
