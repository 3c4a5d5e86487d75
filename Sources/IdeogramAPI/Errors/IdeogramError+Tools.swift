extension IdeogramError.Code {
    // Tools (remove-background, remove-object, layerize-text)
    /// More font files than layerize-text accepts (five).
    public static let tooManyFiles = "too_many_files"
    /// A font file above its 5 MB limit.
    public static let fileTooLarge = "file_too_large"
    /// A `font_candidate_files` part that is not a TTF, OTF, WOFF or WOFF2 font.
    public static let unsupportedFontType = "unsupported_font_type"
    /// A remove-object mask with no white pixel: it marks nothing to remove.
    public static let maskEmpty = "mask_empty"
}
