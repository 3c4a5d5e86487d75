/// The request shape of one endpoint, transcribed from the official spec (ideogram-api.md §3–§4):
/// which encodings it takes, whether parameters sit inside an `image_request`, and its known
/// fields and files. Fields not listed here are still accepted and forwarded untouched.
struct EndpointSchema {
    let operation: Operation
    let acceptsJSON: Bool
    let acceptsMultipart: Bool
    let fields: [FieldSpec]
    let files: [FileSpec]

    func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }
    func file(named name: String) -> FileSpec? { files.first { $0.name == name } }

    static func of(_ operation: Operation) -> EndpointSchema {
        switch operation {
        case .v3Generate: v3(operation, json: true, fields: v3GenerateFields, files: v3References)
        case .v3Remix:
            v3(operation, fields: v3GenerateFields + [FieldSpec("image_weight", .integer(FieldSpec.weight100))],
               files: [FileSpec("image", required: true)] + v3References)
        case .v3Edit, .v3Inpaint:
            v3(operation, fields: [
                FieldSpec("prompt", .prompt, required: true), .seed, .numImages, renderingSpeed,
                magicPrompt, styleTypeV3, stylePreset, customModelURI, colorPalette, styleCodes,
            ], files: [FileSpec("image", required: true), FileSpec("mask", required: true)] + v3References)
        case .v3Reframe:
            v3(operation, fields: [
                FieldSpec("resolution", .enumeration(.resolutionV3), required: true), .seed, .numImages,
                renderingSpeed, styleTypeV3, stylePreset, colorPalette, styleCodes,
            ], files: [FileSpec("image", required: true), styleReferences])
        case .v3ReplaceBackground:
            v3(operation, fields: [
                FieldSpec("prompt", .prompt, required: true), .seed, .numImages, renderingSpeed,
                magicPrompt, styleTypeV3, stylePreset, colorPalette, styleCodes,
            ], files: [FileSpec("image", required: true), styleReferences])
        case .v3GenerateTransparent:
            v3(operation, json: true, fields: [
                FieldSpec("prompt", .prompt, required: true), .seed, .numImages,
                FieldSpec("rendering_speed", .enumeration(.transparentRenderingSpeed)),
                FieldSpec("upscale_factor", .enumeration(.upscaleFactor)),
                FieldSpec("aspect_ratio", .enumeration(.aspectRatioV3)),
                magicPrompt, FieldSpec("negative_prompt", .text), customModelURI, styleTypeV3,
            ], files: [])
        case .generate:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: false,
                           fields: legacyImageRequestFields, files: [])
        case .remix:
            legacy(operation, fields: legacyImageRequestFields + [FieldSpec("image_weight", .integer(FieldSpec.weight100))],
                   files: [imageFile])
        case .upscale:
            legacy(operation, fields: [
                FieldSpec("prompt", .prompt),
                FieldSpec("resemblance", .integer(FieldSpec.weight100)),
                FieldSpec("detail", .integer(FieldSpec.weight100)),
                legacyMagicPrompt, magicPromptVersion, .numImages, .seed,
            ], files: [imageFile])
        case .describe:
            legacy(operation, fields: [FieldSpec("describe_model_version", .enumeration(.describeModelVersion))],
                   files: [imageFile])
        case .edit:
            legacy(operation, fields: [
                FieldSpec("prompt", .prompt, required: true),
                FieldSpec("model", .enumeration(.legacyModel), required: true),
                legacyMagicPrompt, .numImages, .seed, legacyStyleType,
            ], files: [imageFile, FileSpec("mask", required: true)])
        case .reframe:
            legacy(operation, fields: [
                FieldSpec("resolution", .enumeration(.legacyResolution), required: true),
                FieldSpec("model", .enumeration(.legacyModel), required: true),
                .numImages, .seed, legacyStyleType,
            ], files: [imageFile])
        case .v4Generate, .v4Remix, .v4ImageToImage, .v4GenerateTransparent, .v4Describe, .v4MagicPrompt, .v45Generate:
            v4(operation)
        case .v2Generate45, .v2PreciseEdit45, .v2Generate4, .v2Generate3, .v2Remix3, .v2Inpaint3, .v2Describe3:
            v2(operation)  // EndpointSchema+V2.swift
        case .removeBackground, .removeObject, .layerizeText:
            tools(operation)  // EndpointSchema+Tools.swift
        case .v1Edit, .v1EditLite, .v2Reframe3:
            edit(operation)  // EndpointSchema+Edit.swift
        case .v2Remix4, .v2Describe4, .v2GenerateTransparent4, .v2GenerateTransparent3:
            v2Models(operation)  // EndpointSchema+V2Models.swift
        }
    }

    // MARK: Building blocks

    private static func v3(_ operation: Operation, json: Bool = false, fields: [FieldSpec], files: [FileSpec]) -> EndpointSchema {
        EndpointSchema(operation: operation, acceptsJSON: json, acceptsMultipart: true, fields: fields, files: files)
    }

    private static func legacy(_ operation: Operation, fields: [FieldSpec], files: [FileSpec]) -> EndpointSchema {
        EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: fields, files: files)
    }

    private static let renderingSpeed = FieldSpec("rendering_speed", .enumeration(.renderingSpeed))
    private static let magicPrompt = FieldSpec("magic_prompt", .enumeration(.magicPrompt))
    private static let legacyMagicPrompt = FieldSpec("magic_prompt_option", .enumeration(.magicPrompt))
    private static let magicPromptVersion = FieldSpec("magic_prompt_version", .enumeration(.magicPromptVersion))
    /// Also validated where the spec has no `style_type` (reframe, replace-background,
    /// generate-transparent): the seed's own examples send it there, and it is echoed back.
    private static let styleTypeV3 = FieldSpec("style_type", .enumeration(.styleTypeV3))
    private static let legacyStyleType = FieldSpec("style_type", .enumeration(.legacyStyleType))
    private static let stylePreset = FieldSpec("style_preset", .enumeration(.stylePresetV3))
    private static let customModelURI = FieldSpec("custom_model_uri", .text)
    private static let colorPalette = FieldSpec("color_palette", .colorPalette)
    private static let styleCodes = FieldSpec("style_codes", .styleCodes)

    private static let v3GenerateFields: [FieldSpec] = [
        FieldSpec("prompt", .prompt, required: true), .seed, .numImages,
        FieldSpec("resolution", .enumeration(.resolutionV3)),
        FieldSpec("aspect_ratio", .enumeration(.aspectRatioV3)),
        renderingSpeed, magicPrompt, FieldSpec("negative_prompt", .text),
        colorPalette, styleCodes, styleTypeV3, stylePreset, customModelURI,
    ]

    private static let legacyImageRequestFields: [FieldSpec] = [
        FieldSpec("prompt", .prompt, required: true),
        FieldSpec("aspect_ratio", .enumeration(.legacyAspectRatio)),
        FieldSpec("model", .enumeration(.legacyModel)),
        legacyMagicPrompt, magicPromptVersion, .seed, legacyStyleType,
        FieldSpec("negative_prompt", .text), .numImages,
        FieldSpec("resolution", .enumeration(.legacyResolution)),
        colorPalette,
    ]

    private static let imageFile = FileSpec("image_file", required: true)
    private static let styleReferences = FileSpec("style_reference_images", isArray: true)
    private static let v3References: [FileSpec] = [
        styleReferences,
        FileSpec("character_reference_images", isArray: true),
        FileSpec("character_reference_images_mask", isArray: true),
    ]
}
