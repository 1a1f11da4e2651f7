package io.stagedoor.standalone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * This process's claim on the embedded database's data directory: an OS lock on {@code <directory>.lock}, held for
 * as long as the claim, which the OS releases when the process ends, however it ends (SIGKILL too). So a PostgreSQL
 * running on an unclaimed directory was left behind by a Stagedoor that died. The file names the holder's PID, for
 * the message a second Stagedoor prints.
 */
final class DataDirectoryClaim implements AutoCloseable {

    /**
     * Directories claimed by this process. The lock belongs to the process, and closing any channel on the file
     * releases it, so a second claim in the same process must not even open the file.
     */
    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel lockFile;

    private DataDirectoryClaim(Path directory, FileChannel lockFile) {
        this.directory = directory;
        this.lockFile = lockFile;
    }

    /** @throws DataDirectoryInUseException if a live Stagedoor holds it */
    static DataDirectoryClaim claim(Path directory) throws IOException {
        Path real = directory.toRealPath();
        long self = ProcessHandle.current().pid();
        if (!CLAIMED.add(real)) {
            throw DataDirectoryInUseException.byLiveStagedoor(real, String.valueOf(self));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(real.resolveSibling(real.getFileName() + ".lock"), CREATE, READ, WRITE);
            if (channel.tryLock() == null) {
                throw DataDirectoryInUseException.byLiveStagedoor(real, holder(channel));
            }
            channel.truncate(0).write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new DataDirectoryClaim(real, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            CLAIMED.remove(real);
            throw e;
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(32);
        channel.read(content, 0);
        return new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() throws IOException {
        try {
            lockFile.close();
        } finally {
            CLAIMED.remove(directory);
        }
    }
}
