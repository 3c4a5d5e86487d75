import Foundation
import NIOCore
import NIOFileSystem

/// Images as files under `<data-dir>/images/<first two id characters>/<id>`.
/// The fan-out keeps directories small; writes go to a temporary name first so a reader never
/// sees half a file.
public struct DiskImageStore: ImageStore {
    let root: String

    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func path(for id: String) -> String {
        "\(root)/\(id.prefix(2))/\(id)"
    }

    public func put(id: String, bytes: ByteBuffer, contentType: String) async throws {
        precondition(Self.isSafe(id), "image ids are generated, never taken from a caller")
        let final = path(for: id)
        let dir = (final as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temp = final + ".tmp"
        try await FileSystem.shared.withFileHandle(
            forWritingAt: FilePath(temp), options: .newFile(replaceExisting: true)
        ) { handle in
            _ = try await handle.write(contentsOf: bytes.readableBytesView, toAbsoluteOffset: 0)
        }
        try await FileSystem.shared.moveItem(at: FilePath(temp), to: FilePath(final))
    }

    public func get(id: String) async throws -> ByteBuffer? {
        guard Self.isSafe(id) else { return nil }
        do {
            return try await ByteBuffer(contentsOf: FilePath(path(for: id)), maximumSizeAllowed: .megabytes(256))
        } catch let error as FileSystemError where error.code == .notFound {
            return nil
        }
    }

    /// Ids are [A-Za-z0-9_-] only, so a path can never escape the root.
    static func isSafe(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95
        }
    }
}
