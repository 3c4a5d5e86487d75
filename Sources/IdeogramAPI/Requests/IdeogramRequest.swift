/// A decoded, validated request to any Ideogram endpoint.
///
/// Typed properties carry what the gateway itself needs (pricing, admission, the sandbox renderer,
/// the response it builds); `fields` carries everything the customer sent, normalised, so the
/// request can be forwarded upstream without the gateway knowing every parameter.
@dynamicMemberLookup
public struct IdeogramRequest: Sendable {
    /// What a request says. Read and written through the request itself (`request.prompt`).
    public struct Values: Sendable {
        public let operation: Operation
        /// Nil where the endpoint has no prompt or none was given (upscale, reframe, describe).
        public var prompt: String?
        /// 1…8, default 1; always 1 for describe.
        public var numImages: Int
        /// 0…2147483647 when given.
        public var seed: Int?
        /// Legacy endpoints only (default V_2 where the spec has one); nil for upscale and describe.
        public var model: LegacyModel?
        /// V3, Ideogram 4 and 4.5 endpoints (not V4 describe or magic prompt), default `.default`.
        public var renderingSpeed: RenderingSpeed?
        /// The style type to echo in responses: the given value or the endpoint's default; nil where
        /// none applies (V_1 models, upscale, describe, V3 endpoints without one when not given).
        public var styleType: String?
        /// Remix only: 1…100, default 50.
        public var imageWeight: Int?
        /// V3 `image` / legacy `image_file`.
        public var image: ImageInput?
        public var mask: ImageInput?
        public var styleReferenceImages: [ImageInput]
        public var characterReferenceImages: [ImageInput]
        /// Optional masks for the character references, one per reference.
        public var characterReferenceMasks: [ImageInput]
        /// Ideogram 4 image-to-image: the `additional_images` beside `image` (at most four).
        public var additionalImages: [ImageInput] = []
        /// Ideogram 4 generate-transparent: the requested `output_resolution` tier (1K…8K).
        public var outputTier: String?
        /// /v2 4.5 routes: the source images after the edited one (`images[1...]` or
        /// `reference_images`). Never edited themselves.
        public var referenceImages: [ImageInput] = []
        /// layerize-text: the `font_candidate_files`, relayed as received; not images.
        public var fontFiles: [FontInput] = []
        /// /v2 4.5 routes: `quality` after its default (medium with sources, high without).
        public var quality: String?
        /// /v2 4.5 routes: the price tier, `1K` for outputs up to 1024×1024 pixels, else `2K`
        /// (and always `2K` for `size: auto`, as Ideogram bills it).
        public var billingTier: String?
        /// The size each output image will measure.
        public var outputResolution: Resolution
        /// generate-transparent with `upscale_factor` X2/X4: the final size after upscaling.
        public var upscaledResolution: Resolution?
        /// Every non-file field as received, after normalisation: numbers as `.int`, enums in canonical
        /// spelling, `color_palette` as an object, `style_codes` as an array; unknown fields as sent.
        /// For legacy generate, remix and upscale these are the members of `image_request`.
        /// `dry_run` is never in here. The gateway's own controls (`async`, `webhook_url`) are, also
        /// when sent beside `image_request`, so the gateway can take them out before relaying.
        public var fields: [String: JSONValue]
        /// For legacy generate, remix and upscale: the fields sent beside `image_request`, as
        /// received (unvalidated, unknown to the gateway), relayed beside it again. Empty otherwise.
        public var outerFields: [String: JSONValue] = [:]
        /// The body as the customer sent it, for a faithful relay (`upstreamJSON()`,
        /// `relayedMultipart(fallbackBoundary:)`); nil for a request the gateway composed itself.
        public var receivedBody: ReceivedBody?
        /// The customer asked for a quote only (`dry_run` true in the body or form).
        public var dryRun: Bool
        /// The body arrived as JSON rather than multipart, so a faithful upstream call uses JSON too.
        public var sentAsJSON = false
    }

    /// The values are stored once behind a reference, copied on write. A request passes through
    /// a dozen async functions on its way, and each keeps its own copy in its frame, which stays
    /// allocated while the request waits upstream (DESIGN.md §16): a reference is 8 bytes there
    /// instead of the request's 426.
    ///
    /// The accessors are inlinable so each use site specializes its key path into a plain field
    /// read: a generic key-path projection would copy all of `Values` on every read.
    @usableFromInline
    final class Box: @unchecked Sendable {
        // Mutated only through `IdeogramRequest`'s setter, and only when uniquely referenced.
        @usableFromInline var values: Values
        @usableFromInline init(_ values: Values) { self.values = values }
    }

    @usableFromInline var box: Box

    @inlinable
    public subscript<T>(dynamicMember key: KeyPath<Values, T>) -> T {
        box.values[keyPath: key]
    }

    @inlinable
    public subscript<T>(dynamicMember key: WritableKeyPath<Values, T>) -> T {
        get { box.values[keyPath: key] }
        set {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.values) }
            box.values[keyPath: key] = newValue
        }
    }

    public init(
        operation: Operation,
        prompt: String? = nil,
        numImages: Int = 1,
        seed: Int? = nil,
        model: LegacyModel? = nil,
        renderingSpeed: RenderingSpeed? = nil,
        styleType: String? = nil,
        imageWeight: Int? = nil,
        image: ImageInput? = nil,
        mask: ImageInput? = nil,
        styleReferenceImages: [ImageInput] = [],
        characterReferenceImages: [ImageInput] = [],
        characterReferenceMasks: [ImageInput] = [],
        outputResolution: Resolution,
        upscaledResolution: Resolution? = nil,
        fields: [String: JSONValue] = [:],
        dryRun: Bool = false
    ) {
        box = Box(
            Values(
                operation: operation,
                prompt: prompt,
                numImages: numImages,
                seed: seed,
                model: model,
                renderingSpeed: renderingSpeed,
                styleType: styleType,
                imageWeight: imageWeight,
                image: image,
                mask: mask,
                styleReferenceImages: styleReferenceImages,
                characterReferenceImages: characterReferenceImages,
                characterReferenceMasks: characterReferenceMasks,
                outputResolution: outputResolution,
                upscaledResolution: upscaledResolution,
                fields: fields,
                dryRun: dryRun))
    }

    public var allImages: [ImageInput] {
        let v = box.values
        return [v.image, v.mask].compactMap { $0 } + v.styleReferenceImages + v.characterReferenceImages + v.characterReferenceMasks
            + v.additionalImages + v.referenceImages
    }
}
