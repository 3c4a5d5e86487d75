import Foundation
import NIOCore

/// `/v1/edit`'s `image_urls`: "URLs to Ideogram images … an alternative to uploading via the
/// images field". Behind the gateway the images a customer has are the gateway's own signed
/// links (`/files/<id>.png?exp=…&sig=…`), so those are the only links taken: the gateway reads
/// the image from its own store and sends it on as an uploaded `images` file. Nothing is ever
/// fetched from the network, so a link cannot make the gateway call a private address.
public struct LinkedImage: Sendable, Equatable {
    /// The link as sent, for messages.
    public let url: String
    /// The stored image's id.
    public let id: String
    public let expires: String
    public let signature: String

    public init(url: String, id: String, expires: String, signature: String) {
        self.url = url
        self.id = id
        self.expires = expires
        self.signature = signature
    }
}

extension IdeogramError.Code {
    /// An `image_urls` entry that is not one of the gateway's own image links.
    public static let unsupportedImageURL = "unsupported_image_url"
    /// An `image_urls` entry that is the gateway's link but no longer opens its image (expired,
    /// tampered, deleted).
    public static let imageURLUnavailable = "image_url_unavailable"
}

extension IdeogramRequest {
    /// The `image_urls` the customer sent, each parsed as a gateway image link; any other link
    /// (another host's image, a private address, Ideogram's own ephemeral links) is a 400.
    public func linkedImageURLs() throws(IdeogramError) -> [LinkedImage] {
        let values: [JSONValue]
        switch self.fields["image_urls"] {
        case nil, .null?: return []
        case .array(let items)?: values = items
        case let value?: values = [value]
        }
        var links: [LinkedImage] = []
        for value in values {
            guard let text = value.stringValue, let link = Self.parseLink(text) else {
                throw .badRequest(
                    IdeogramError.Code.unsupportedImageURL,
                    "'image_urls' takes only this gateway's own image links (…/files/<id>.png?exp=…&sig=…); "
                        + "upload any other image in 'images'.")
            }
            links.append(link)
        }
        return links
    }

    /// Adds the images the links opened, in order, after any uploaded `images`, and takes
    /// `image_urls` out: Ideogram receives every source as an uploaded `images` file. The request
    /// is then built afresh for upstream (no `receivedBody`), since its parts changed.
    public mutating func attachLinkedImages(_ contents: [ByteBuffer], limits: InputLimits) throws(IdeogramError) {
        guard !contents.isEmpty else { return }
        let validator = ImageValidator(limits: limits)
        var added: [ImageInput] = []
        for bytes in contents {
            let checked = try validator.image(FormPart(name: "image_urls", filename: nil, contentType: nil, body: bytes))
            added.append(ImageInput(field: "images", filename: nil, bytes: checked.bytes, header: checked.header))
        }
        if self.image == nil {
            self.image = added.removeFirst()
        }
        self.referenceImages += added
        try validator.checkTotalPixels(allImages)
        self.fields["image_urls"] = nil
        self.receivedBody = nil
    }

    private static func parseLink(_ text: String) -> LinkedImage? {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              components.host?.isEmpty == false
        else { return nil }
        // A public URL with a path prefix (a reverse proxy's) still ends in /files/<id>.png.
        let segments = components.path.split(separator: "/")
        guard segments.count >= 2, segments[segments.count - 2] == "files" else { return nil }
        let name = segments[segments.count - 1]
        guard name.hasSuffix(".png"), name.count > 4 else { return nil }
        let query = components.queryItems ?? []
        guard let exp = query.first(where: { $0.name == "exp" })?.value,
              let sig = query.first(where: { $0.name == "sig" })?.value
        else { return nil }
        return LinkedImage(url: text, id: String(name.dropLast(4)), expires: exp, signature: sig)
    }
}
