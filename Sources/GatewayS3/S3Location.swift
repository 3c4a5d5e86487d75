import Foundation

/// Where the images go: a bucket, a key prefix, the region and endpoint, and the credentials —
/// read from `s3://bucket/prefix` and the environment variables AWS's own tools read.
public struct S3Location: Sendable {
    public var bucket: String
    /// Keys are `prefix/<image id>`; empty for the bucket's root. No leading or trailing slash.
    public var prefix: String
    public var region: String
    /// A custom endpoint (MinIO, moto, another S3-compatible store), addressed path-style;
    /// nil for AWS itself, addressed virtual-hosted style.
    public var endpoint: URL?
    public var credentials: AWSCredentials

    public init(bucket: String, prefix: String = "", region: String = "us-east-1", endpoint: URL? = nil, credentials: AWSCredentials) {
        self.bucket = bucket
        self.prefix = prefix.split(separator: "/").joined(separator: "/")
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
    }

    /// Reads `s3://bucket[/prefix]` and `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`, `AWS_REGION` (or `AWS_DEFAULT_REGION`, else us-east-1) and
    /// `AWS_ENDPOINT_URL_S3` (or `AWS_ENDPOINT_URL`).
    public static func parse(_ address: String, environment: [String: String]) throws(S3ConfigurationError) -> S3Location {
        func value(_ name: String) -> String? {
            guard let v = environment[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        guard address.hasPrefix("s3://") else { throw .invalidAddress("must look like s3://bucket/prefix") }
        let rest = address.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        guard isValidBucketName(bucket) else { throw .invalidAddress("'\(bucket)' is not a valid bucket name") }
        let prefix = String(rest.dropFirst(bucket.count))
        guard let keyID = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") else {
            throw .missingCredentials
        }
        var endpoint: URL?
        if let raw = value("AWS_ENDPOINT_URL_S3") ?? value("AWS_ENDPOINT_URL") {
            guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
                throw .invalidEndpoint(raw)
            }
            endpoint = url
        }
        return S3Location(
            bucket: bucket, prefix: prefix, region: value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1",
            endpoint: endpoint,
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN")))
    }

    /// S3's rules: 3…63 characters of lower-case letters, digits, dots and hyphens, starting and
    /// ending with a letter or digit.
    static func isValidBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        return alnum(bytes.first!) && alnum(bytes.last!) && bytes.allSatisfy { alnum($0) || $0 == 45 || $0 == 46 }
    }

    /// The object key of one image.
    public func key(for id: String) -> String {
        prefix.isEmpty ? id : prefix + "/" + id
    }

    /// The host, the unencoded path (what SigV4 signs) and the URL of a key, or of the bucket
    /// itself when `key` is nil.
    func address(key: String?) -> (host: String, path: String, url: String) {
        let scheme: String, host: String, path: String
        if let endpoint {
            // Path-style: the endpoint names one server, the bucket is the path's first segment.
            scheme = endpoint.scheme!.lowercased()
            host = endpoint.host! + (endpoint.port.map { ":\($0)" } ?? "")
            let base = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
            path = base + "/" + bucket + (key.map { "/" + $0 } ?? "")
        } else if bucket.contains(".") {
            // A dotted bucket name would not match the wildcard certificate as a host name.
            scheme = "https"
            host = "s3.\(region).amazonaws.com"
            path = "/" + bucket + (key.map { "/" + $0 } ?? "")
        } else {
            scheme = "https"
            host = "\(bucket).s3.\(region).amazonaws.com"
            path = "/" + (key ?? "")
        }
        return (host, path, "\(scheme)://\(host)\(SigV4Signer.uriEncode(path, keepSlash: true))")
    }

    /// For logs and errors: everything but the credentials' secrets.
    public var redactedDescription: String {
        "s3://\(bucket)/\(prefix) (region \(region)\(endpoint.map { ", endpoint \($0.absoluteString)" } ?? ""), key \(credentials.accessKeyID))"
    }
}

/// A `--image-store s3://…` that cannot work; reported before the server starts.
public enum S3ConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalidAddress(String)
    case missingCredentials
    case invalidEndpoint(String)

    public var description: String {
        switch self {
        case .invalidAddress(let why): "invalid S3 image store address: \(why)"
        case .missingCredentials: "the S3 image store needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        case .invalidEndpoint(let raw): "AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL is not an http(s) URL: \(raw)"
        }
    }
}
