// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// Pixel loops are 10–50× slower unoptimised; the sandbox renders real megapixel PNGs in every
// end-to-end test, so these two modules are optimised in debug builds too.
let pixelSettings: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "ideogate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ideogate", targets: ["ideogate"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "GatewaySQLite", targets: ["GatewaySQLite"]),
        .library(name: "GatewayPostgres", targets: ["GatewayPostgres"]),
        .library(name: "GatewayS3", targets: ["GatewayS3"]),
        .library(name: "IdeogramAPI", targets: ["IdeogramAPI"]),
        // For the fuzz package under Fuzz/, which builds these parsers with sanitizers.
        .library(name: "FuzzEntryPoints", targets: ["FuzzEntryPoints"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.0"),
    ],
    targets: [
        // Pixels and file formats: PNG encode/decode, JPEG/PNG/WebP header sniffing.
        .target(
            name: "ImageCodec",
            dependencies: [
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: pixelSettings
        ),
        // The wire contract: every Ideogram endpoint's request and response, validation, decoding.
        .target(
            name: "IdeogramAPI",
            dependencies: [
                "ImageCodec",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The OpenAI-compatible surface's request decoding: OpenAI's JSON and multipart bodies
        // into the native calls they stand for. Kept apart from Gateway so the fuzz targets (Fuzz/)
        // can build it with sanitizers without building the server.
        .target(
            name: "OpenAIAPI",
            dependencies: [
                "IdeogramAPI",
                "ImageCodec",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The parsers' fuzz entry points and seed corpora, shared by the libFuzzer targets (Fuzz/)
        // and the replay test, so CI replays every committed input without a sanitizer build.
        .target(
            name: "FuzzEntryPoints",
            dependencies: ["IdeogramAPI", "ImageCodec", "OpenAIAPI", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // The offline renderer behind the sandbox channel. It depends on pixels only, so by
        // construction it can never touch the network.
        .target(
            name: "SandboxRenderer",
            dependencies: ["ImageCodec"],
            swiftSettings: pixelSettings
        ),
        // The engine: pipeline, persistence, billing, upstreams, images, server.
        .target(
            name: "Gateway",
            dependencies: [
                "IdeogramAPI",
                "ImageCodec",
                "OpenAIAPI",
                "SandboxRenderer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
                // Inflates the bundled OpenAPI spec of the relayed paths.
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            // The console's stylesheet, script and HTML templates are real files, compiled into the
            // binary as bytes so it stays a single self-contained file. The official Ideogram
            // OpenAPI spec is embedded gzipped (150 KB instead of 1.5 MB of array literal to compile).
            resources: [
                .embedInCode("Console/Assets/console.css"),
                .embedInCode("Console/Assets/console.js"),
                .embedInCode("Relay/Spec/ideogram-openapi.json.gz"),
                .embedInCode("Console/Templates/admin_accounts.mustache"),
                .embedInCode("Console/Templates/admin_channels.mustache"),
                .embedInCode("Console/Templates/admin_codes.mustache"),
                .embedInCode("Console/Templates/admin_overview.mustache"),
                .embedInCode("Console/Templates/admin_prices.mustache"),
                .embedInCode("Console/Templates/admin_settings.mustache"),
                .embedInCode("Console/Templates/admin_signin.mustache"),
                .embedInCode("Console/Templates/admin_usage.mustache"),
                .embedInCode("Console/Templates/api.mustache"),
                .embedInCode("Console/Templates/csrf.mustache"),
                .embedInCode("Console/Templates/error.mustache"),
                .embedInCode("Console/Templates/gallery.mustache"),
                .embedInCode("Console/Templates/home.mustache"),
                .embedInCode("Console/Templates/keys.mustache"),
                .embedInCode("Console/Templates/notices.mustache"),
                .embedInCode("Console/Templates/page.mustache"),
                .embedInCode("Console/Templates/pager.mustache"),
                .embedInCode("Console/Templates/playground.mustache"),
                .embedInCode("Console/Templates/redeem.mustache"),
                .embedInCode("Console/Templates/signin.mustache"),
                .embedInCode("Console/Templates/usage.mustache"),
                .embedInCode("Console/Templates/usage_filters.mustache"),
                .embedInCode("Console/Templates/usage_table.mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The embedded backend: every store on one SQLite file through GRDB. The only module that
        // imports GRDB, so another backend is one more module beside it.
        .target(
            name: "GatewaySQLite",
            dependencies: [
                "Gateway",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The shared backend: every store on one PostgreSQL database through PostgresNIO, so
        // several gateway nodes can serve one set of accounts. The only module that imports it.
        .target(
            name: "GatewayPostgres",
            dependencies: [
                "Gateway",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Images in an S3-compatible bucket: SigV4 and four S3 calls on AsyncHTTPClient. Like
        // GatewaySQLite, a module beside the engine, so the engine never names a backend.
        .target(
            name: "GatewayS3",
            dependencies: [
                "Gateway",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ideogate",
            dependencies: [
                "Gateway",
                "GatewaySQLite",
                "GatewayPostgres",
                "GatewayS3",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The benchmark's stand-in for Ideogram (bench/run); not part of the product.
        .executableTarget(
            name: "ideogram-fake",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "bench/fake-upstream",
            swiftSettings: swiftSettings
        ),
        // The benchmark's floor (bench/run): the least proxy built from Ideogate's own stack
        // (Hummingbird, AsyncHTTPClient, and in one mode GRDB), measured beside the gateway so
        // each figure shows what the stack and durability alone cost; not part of the product.
        .executableTarget(
            name: "ideogate-floor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "bench/floor",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ImageCodecTests", dependencies: ["ImageCodec"], swiftSettings: swiftSettings),
        .testTarget(name: "IdeogramAPITests", dependencies: ["IdeogramAPI", "ImageCodec"], swiftSettings: swiftSettings),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzEntryPoints", "IdeogramAPI"], swiftSettings: swiftSettings),
        .testTarget(name: "SandboxRendererTests", dependencies: ["SandboxRenderer", "ImageCodec"], swiftSettings: swiftSettings),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway",
                "GatewaySQLite",
                "GatewayS3",
                "IdeogramAPI",
                "ImageCodec",
                "OpenAIAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // SigV4 against AWS's published vectors (Fixtures/), and the S3 image store against a
        // real S3-compatible server (scripts/s3).
        .testTarget(
            name: "GatewayS3Tests",
            dependencies: [
                "Gateway",
                "GatewayS3",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        // One contract for every store backend: each money rule and each concept's reads and
        // writes, run against each backend (PostgreSQL when scripts/test provides a server).
        .testTarget(
            name: "StoreContractTests",
            dependencies: [
                "Gateway",
                "GatewaySQLite",
                "GatewayPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
