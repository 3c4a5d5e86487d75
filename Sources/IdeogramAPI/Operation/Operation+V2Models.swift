/// Four more of Ideogram's own /v2 model routes (reference/ideogram-openapi-2026-10.json,
/// `RemixImageIdeogramV4Request`, `DescribeImageIdeogramV4Request`,
/// `GenerateImageIdeogramV4TransparentRequest`, `GenerateImageIdeogramV3TransparentRequest`).
///
/// Remix and the two transparent generations answer like every /v2 image route
/// (`{generation_id, seed, data?}`); the ideogram-4 describe answers
/// `{created, description_id, json_prompt}`, the /v1 ideogram-4 describe's document named like
/// the ideogram-3 describe's.
extension Operation {
    var v2ModelPath: String {
        switch self {
        case .v2Remix4: "/v2/image/remix/ideogram-4"
        case .v2Describe4: "/v2/image/describe/ideogram-4"
        case .v2GenerateTransparent4: "/v2/image/generate/ideogram-4-transparent"
        case .v2GenerateTransparent3: "/v2/image/generate/ideogram-3-transparent"
        default: ""
        }
    }
}
