import NIOCore

/// Decodes and validates a customer's request to one Ideogram endpoint, answering exactly the
/// errors Ideogram's contract implies (400 for invalid input) before any money is held or any
/// upstream is called.
public struct RequestDecoder: Sendable {
    public let limits: InputLimits

    public init(limits: InputLimits = .init()) {
        self.limits = limits
    }

    public func decode(_ operation: Operation, contentType: String?, body: ByteBuffer) throws(IdeogramError) -> IdeogramRequest {
        let schema = EndpointSchema.of(operation)
        let format = try BodyFormat.parse(contentType)

        var form: RequestForm
        switch format {
        case .json? where schema.acceptsJSON:
            form = try RequestForm(json: body, schema: schema)
        case .multipart(let boundary)? where schema.acceptsMultipart:
            form = try RequestForm(
                multipart: try MultipartBodyReader.read(body, boundary: boundary, limits: limits), boundary: boundary, schema: schema
            )
        default:
            throw .unsupportedContentType(Self.acceptedTypes(schema, path: operation.path))
        }

        try FieldNormalizer(schema: schema, emptyMeansAbsent: format != .json).normalize(&form.fields)
        let images = try UploadedImages(form.files, schema: schema, limits: limits)
        var request = IdeogramRequest(operation: operation, outputResolution: Resolution(width: 0, height: 0))
        request.fields = form.fields
        request.outerFields = form.outerFields
        request.receivedBody = form.received
        request.dryRun = form.dryRun
        request.sentAsJSON = format == .json
        request.image = images.image
        request.mask = images.mask
        request.styleReferenceImages = images.styleReferences
        request.characterReferenceImages = images.characterReferences
        request.characterReferenceMasks = images.characterReferenceMasks
        request.additionalImages = images.additionalImages
        request.referenceImages = images.references
        request.fontFiles = images.fonts
        request.prompt = form.fields["prompt"]?.stringValue
        request.numImages = form.fields["num_images"]?.intValue.map(Int.init) ?? 1
        request.seed = form.fields["seed"]?.intValue.map(Int.init)

        let reader = FieldLookup(fields: form.fields)
        try FieldConflicts.check(reader, images: images, schema: schema)
        if operation.isTool {
            try ToolRequestRules.complete(&request, reader)
        } else if operation.isV4Family {
            try V4RequestRules.complete(&request, reader)
        } else if operation.isPromptEdit {
            try EditRequestRules.complete(&request, reader)
        } else if operation.isV2 {
            try V2RequestRules.complete(&request, reader)
        } else if operation.isV3 {
            try V3RequestRules.complete(&request, reader)
        } else {
            try LegacyRequestRules.complete(&request, reader)
        }
        return request
    }

    private static func acceptedTypes(_ schema: EndpointSchema, path: String) -> String {
        switch (schema.acceptsJSON, schema.acceptsMultipart) {
        case (true, true): "\(path) accepts application/json or multipart/form-data."
        case (true, false): "\(path) accepts application/json only."
        default: "\(path) accepts multipart/form-data only."
        }
    }
}
