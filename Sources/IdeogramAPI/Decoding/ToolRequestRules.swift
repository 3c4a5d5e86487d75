/// What the tools' schemas leave to prose: one image out per request, at the input's own size
/// (a background or an object removed, text erased: nothing is resized), and no style echo.
enum ToolRequestRules {
    static func complete(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        guard let image = request.image else { throw .missingField("image") }
        request.numImages = 1
        request.styleType = nil
        request.outputResolution = image.resolution
        if request.operation == .removeObject {
            request.renderingSpeed = fields.string("rendering_speed").flatMap(RenderingSpeed.init(rawValue:)) ?? .default
        }
    }
}
