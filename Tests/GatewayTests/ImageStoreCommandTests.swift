import AsyncHTTPClient
import Foundation
import GatewayS3
import NIOCore
import Testing

/// `ideogate serve --image-store` as an operator runs it: the real binary, AWS's variables, a
/// bucket on the S3-compatible test server.
@Suite struct ImageStoreCommandTests {
    static func environment(endpoint: String) -> [String: String] {
        ["AWS_ACCESS_KEY_ID": "AKIDCOMMAND", "AWS_SECRET_ACCESS_KEY": "command-secret-value", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_S3": endpoint]
    }

    /// A bad address, missing credentials or a missing bucket stop `serve` before it listens,
    /// with the reason and without the secret.
    @Test func aStoreThatCannotWorkStopsTheStart() async throws {
        let endpoint = try S3TestEndpoint.location().endpoint!.absoluteString
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let badName = try ServerProcess.run(["serve", "--data-dir", directory, "--port", "0", "--image-store", "s3://Bad_Bucket/x"], environment: Self.environment(endpoint: endpoint))
        #expect(badName.status != 0)
        #expect(badName.output.contains("not a valid bucket name"))

        let noKey = try ServerProcess.run(
            ["serve", "--data-dir", directory, "--port", "0", "--image-store", "s3://images/x"],
            environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_ENDPOINT_URL_S3": endpoint])
        #expect(noKey.status != 0)
        #expect(noKey.output.contains("AWS_ACCESS_KEY_ID"))

        let noBucket = try ServerProcess.run(
            ["serve", "--data-dir", directory, "--port", "0", "--image-store", "s3://ideogate-no-such-bucket/x"], environment: Self.environment(endpoint: endpoint))
        #expect(noBucket.status != 0)
        #expect(noBucket.output.contains("does not exist"))
        #expect(!noBucket.output.contains("command-secret-value"))

        let negative = try ServerProcess.run(["serve", "--data-dir", directory, "--image-retention-days", "-1"])
        #expect(negative.status != 0)
    }

    /// The binary with `--image-store s3://…`: a generate's link downloads the object's bytes,
    /// and the data directory holds no image.
    @Test func serveKeepsImagesInTheBucket() async throws {
        try await S3TestEndpoint.withBucket { location, bucket in
            let endpoint = location.endpoint!.absoluteString
            let install = try ShutdownTests.Install.make()
            defer { try? FileManager.default.removeItem(atPath: install.directory) }
            let server = try await ServerProcess.start(
                ["--data-dir", install.directory, "--image-store", "s3://\(location.bucket)/\(location.prefix)", "--image-retention-days", "30"],
                environment: Self.environment(endpoint: endpoint))
            defer { server.kill() }
            let client = ShutdownTests.client()
            do {
                let response = try await client.execute(ShutdownTests.request(server, key: install.key), timeout: .seconds(30))
                #expect(response.status == .ok)
                let body = try await response.body.collect(upTo: 1 << 20)
                let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
                let url = try #require((json?["data"] as? [[String: Any]])?.first?["url"] as? String)
                let id = try #require(URL(string: url)?.lastPathComponent.replacingOccurrences(of: ".png", with: ""))
                let download = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
                #expect(download.status == .ok)
                let bytes = try await download.body.collect(upTo: 64 << 20)
                #expect(try await bucket.get(id: id) == bytes)
                #expect(!FileManager.default.fileExists(atPath: install.directory + "/images/\(id.prefix(2))/\(id)"))
            } catch {
                Issue.record("\(error)")
            }
            try? await client.shutdown()
        }
    }
}
