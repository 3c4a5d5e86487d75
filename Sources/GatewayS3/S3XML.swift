import Foundation

/// Just enough XML for the S3 responses the store reads: ListObjectsV2 and `<Error>`. Both are
/// flat, element-only documents S3 generates, so reading named elements by their tags is exact;
/// a general XML parser would bring libxml2 into a server that otherwise needs none.
enum S3XML {
    /// The text of every `<tag>…</tag>` in order, entities decoded.
    static func values(of tag: String, in xml: Substring) -> [String] {
        elements(tag, in: xml).map { decodeEntities(String($0)) }
    }

    static func firstValue(of tag: String, in xml: String) -> String? {
        elements(tag, in: xml[...]).first.map { decodeEntities(String($0)) }
    }

    /// The inner text of each `<tag>` element (a self-closing `<tag/>` counts as empty).
    static func elements(_ tag: String, in xml: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = xml
        let open = "<\(tag)>", close = "</\(tag)>", empty = "<\(tag)/>"
        while true {
            let nextOpen = rest.range(of: open), nextEmpty = rest.range(of: empty)
            if let e = nextEmpty, nextOpen.map({ e.lowerBound < $0.lowerBound }) ?? true {
                found.append(rest[e.upperBound..<e.upperBound])
                rest = rest[e.upperBound...]
                continue
            }
            guard let o = nextOpen, let c = rest[o.upperBound...].range(of: close) else { return found }
            found.append(rest[o.upperBound..<c.lowerBound])
            rest = rest[c.upperBound...]
        }
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let name = rest[rest.index(after: amp)..<semi]
            switch name {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                if name.hasPrefix("#x"), let v = UInt32(name.dropFirst(2), radix: 16), let s = Unicode.Scalar(v) {
                    out.unicodeScalars.append(s)
                } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let s = Unicode.Scalar(v) {
                    out.unicodeScalars.append(s)
                } else {
                    out += "&" + name + ";"
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// `2026-12-01T18:00:00.000Z`, as S3 writes LastModified.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return d }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
