import Foundation

/// Legacy aspect ratios that Ideogram's legacy `AspectRatio` enum lacks but clients send anyway.
///
/// ComfyUI's Ideogram V1/V2 nodes offer 2:1, 1:2, 4:5 and 5:4 and send them as `ASPECT_2_1`,
/// `ASPECT_1_2`, `ASPECT_4_5`, `ASPECT_5_4` (their own proxy accepts them). The gateway accepts
/// them too, and rewrites them into values Ideogram itself accepts before anything goes upstream,
/// so the request that is priced, rendered and forwarded is always spec-valid.
extension AspectRatio {
    /// The ratios without an official legacy name (those with no 1.0 size).
    static let toleratedLegacy: [AspectRatio] = all.filter { $0.legacyName == nil }

    /// `"ASPECT_2_1"`: the spelling ComfyUI uses for a ratio the legacy enum lacks.
    var toleratedLegacyName: String { "ASPECT_\(width)_\(height)" }

    static func toleratedLegacy(named name: String) -> AspectRatio? {
        toleratedLegacy.first { $0.toleratedLegacyName == name }
    }

    /// The official legacy ratio closest to this one (in log space), for 1.0 models, which take
    /// neither these ratios nor an explicit resolution.
    var nearestOfficialLegacy: AspectRatio {
        let target = Double(width) / Double(height)
        var best = AspectRatio.square
        var bestDistance = Double.infinity
        for candidate in AspectRatio.all where candidate.legacyName != nil {
            let distance = abs(log2(Double(candidate.width) / Double(candidate.height) / target))
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }

    /// Rewrites a tolerated `aspect_ratio` in legacy `fields`: for V_2 and later it becomes the
    /// `resolution` Ideogram renders that ratio at (1408x704 for 2:1, as in V3); for 1.0 models,
    /// which have no `resolution`, the nearest official ratio. Returns whether anything changed.
    static func replaceTolerated(in fields: inout [String: JSONValue], model: LegacyModel) -> Bool {
        guard let name = fields["aspect_ratio"]?.stringValue, let ratio = toleratedLegacy(named: name) else { return false }
        if model.isV1 {
            fields["aspect_ratio"] = ratio.nearestOfficialLegacy.legacyName.map(JSONValue.string)
        } else {
            fields["aspect_ratio"] = nil
            if fields["resolution"] == nil { fields["resolution"] = .string(ratio.v2Default.legacyName) }
        }
        return true
    }
}
