/// The /v2 model-addressed image routes (`/v2/image/<verb>/<model>`): sync by default, async on
/// request, answering `{generation_id, seed, data}` rather than `{created, data}`.
extension Operation {
    public var isV2: Bool { rawValue.hasPrefix("v2.") }

    /// The Ideogram 4.5 routes, whose price follows `quality` and the 1K/2K output tier.
    public var isV45: Bool { self == .v2Generate45 || self == .v2PreciseEdit45 }

    /// Only the 4.5 routes answer `generation_kind` (`GenerateImageIdeogram45Response`,
    /// `PreciseEditImageIdeogram45Response`); the ideogram-3 and ideogram-4 answers have none.
    public var answersGenerationKind: Bool { isV45 }

    /// Inpaint answers the output's `width` and `height` too (`InpaintImageIdeogramV3Response`).
    public var answersSize: Bool { self == .v2Inpaint3 }
}
