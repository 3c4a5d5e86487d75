import Foundation
import Logging

/// The data directory: database, images and the channel key file, private to the gateway's user.
public enum DataDirectory {
    /// Creates the directory owner-only (0700) and tightens it and the secret files already in
    /// it (0600). The files must be tightened, so failing that stops the start; the directory is
    /// best effort, because an operator may point `--data-dir` at a mount point owned by another
    /// user, and the files inside stay owner-only either way.
    public static func prepare(_ config: GatewayConfig, logger: Logger? = nil) throws {
        let path = config.dataDirectory
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true,
            attributes: [.posixPermissions: NSNumber(value: FilePermissions.privateDirectory)])
        do {
            try FilePermissions.restrict(path, to: FilePermissions.privateDirectory)
        } catch {
            logger?.warning("data directory is readable by other users", metadata: ["path": "\(path)", "error": "\(error)"])
        }
        for file in config.secretFiles {
            try FilePermissions.restrict(file, to: FilePermissions.secretFile)
        }
    }
}

extension GatewayConfig {
    /// Every file under the data directory that holds a secret: the database with its WAL and
    /// shared-memory files (SQLite writes recent commits there first), and the channel key.
    var secretFiles: [String] {
        [databasePath, databasePath + "-wal", databasePath + "-shm", channelKeyPath]
    }
}
