extension IdeogramError.Code {
    /// A field the endpoint's schema rules out (the ideogram-4 remix's `seed`).
    public static let unsupportedField = "unsupported_field"
}
