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

    public func delete(id: String) async throws {
        guard Self.isSafe(id) else { return }
        do {
            try FileManager.default.removeItem(atPath: path(for: id))
        } catch CocoaError.fileNoSuchFile {
            // Already gone: deleting is idempotent.
        }
    }

    /// Walks the two-level fan-out and deletes files last written before `cutoff`. A file's
    /// modification time is its storage time: images are written once and never changed.
    /// Temporary files a crash left behind go the same way.
    public func deleteImages(olderThan cutoff: Date) async throws -> Int {
        let files = FileManager.default
        var deleted = 0
        for directory in try files.contentsOfDirectory(atPath: root) {
            let dirPath = root + "/" + directory
            guard let names = try? files.contentsOfDirectory(atPath: dirPath) else { continue }
            for name in names {
                let filePath = dirPath + "/" + name
                guard let attributes = try? files.attributesOfItem(atPath: filePath),
                      attributes[.type] as? FileAttributeType == .typeRegular,
                      let modified = attributes[.modificationDate] as? Date, modified < cutoff
                else { continue }
                do {
                    try files.removeItem(atPath: filePath)
                    if !name.hasSuffix(".tmp") { deleted += 1 }
                } catch CocoaError.fileNoSuchFile {
                    // A concurrent sweep got there first.
                }
            }
        }
        return deleted
    }

    /// Ids are [A-Za-z0-9_-] only, so a path can never escape the root.
    static func isSafe(_ id: String) -> Bool {
        ImageID.isWellFormed(id)
    }
}
