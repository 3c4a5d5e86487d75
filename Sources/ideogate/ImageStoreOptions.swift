import ArgumentParser
import Foundation
import Gateway
import GatewayS3

/// Where `serve` keeps delivered images, and for how long.
struct ImageStoreOptions: ParsableArguments {
    @Option(name: .customLong("image-store"), help: "Where delivered images are kept: 'disk' (under --data-dir) or s3://bucket/prefix, with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION and AWS_ENDPOINT_URL_S3 from the environment. Env: IDEOGATE_IMAGE_STORE.")
    var imageStore: String = Environment.value("IDEOGATE_IMAGE_STORE") ?? "disk"

    @Option(name: .customLong("image-retention-days"), help: "Delete stored images older than this many days (hourly); 0 keeps them forever. Env: IDEOGATE_IMAGE_RETENTION_DAYS.")
    var imageRetentionDays: Double = Environment.value("IDEOGATE_IMAGE_RETENTION_DAYS").flatMap(Double.init) ?? 0

    func validate() throws {
        guard imageRetentionDays >= 0 else { throw ValidationError("--image-retention-days must not be negative") }
        if imageStore != "disk" {
            do { _ = try S3Location.parse(imageStore, environment: ProcessInfo.processInfo.environment) } catch {
                throw ValidationError(error.description)
            }
        }
    }

    var retention: TimeInterval? {
        imageRetentionDays > 0 ? imageRetentionDays * 24 * 3600 : nil
    }

    /// The disk store, or an S3 store whose bucket was checked before the server starts.
    func opener() throws -> ImageStoreOpener {
        guard imageStore != "disk" else { return DiskImageStore.opener }
        let location = try S3Location.parse(imageStore, environment: ProcessInfo.processInfo.environment)
        return { _ in
            let store = S3ImageStore(location: location)
            do {
                try await store.verifyBucket()
            } catch {
                await store.shutdown()
                throw ValidationFailure(description: "image store \(location.redactedDescription): \(error)")
            }
            return store
        }
    }
}
