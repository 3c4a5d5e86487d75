import Foundation

/// Owner-only permissions for the files that hold secrets.
///
/// The database carries the URL-signing secret, the webhook secrets and the console's sealed
/// keys in clear, and the channel key file opens every upstream key: another local user who can
/// read either can sign image links or call Ideogram on the operator's account. Files are
/// created owner-only, and existing ones are tightened on every start, because a copy, a
/// restored backup or an older version may have left them readable by others.
public enum FilePermissions {
    public static let secretFile: mode_t = 0o600
    public static let privateDirectory: mode_t = 0o700

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var description: String { "Cannot restrict the permissions of \(path): \(String(cString: strerror(errno)))" }
    }

    /// Sets `mode` on `path` if it exists; a missing file is not an error.
    public static func restrict(_ path: String, to mode: mode_t) throws {
        if chmod(path, mode) != 0, errno != ENOENT { throw Failure(path: path, errno: errno) }
    }

    /// Creates an empty file with `mode` unless one exists, so it is never readable by others,
    /// not even for the moment between its creation and a later chmod.
    public static func createIfAbsent(_ path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw Failure(path: path, errno: errno)
        }
    }
}
