import ImageCodec

/// Plain-English names for colours ("deep blue", "pale pink"), for image descriptions.
enum ColorName {
    private static let hues: [(upTo: Float, name: String)] = [
        (12, "red"), (40, "orange"), (66, "yellow"), (90, "lime green"), (155, "green"), (185, "teal"),
        (200, "cyan"), (250, "blue"), (275, "indigo"), (300, "violet"), (330, "magenta"), (350, "pink"), (360, "red"),
    ]

    static func name(_ color: RGBA) -> String {
        let (h, s, l) = Palette.hsl(of: color)
        if l < 0.1 { return "black" }
        if l > 0.93 { return "white" }
        if s < 0.12 || (s < 0.2 && (l < 0.2 || l > 0.85)) {
            if l < 0.3 { return "charcoal grey" }
            return l < 0.65 ? "grey" : "light grey"
        }
        var base = hues.first { h < $0.upTo }?.name ?? "red"
        // Dark oranges and yellows read as browns and olives, not as "deep orange".
        if base == "orange" && l < 0.4 { return s < 0.5 ? "muted brown" : "brown" }
        if base == "yellow" && l < 0.35 { return "olive" }
        if base == "red" && l > 0.7 { base = "pink" }
        let modifier: String
        if l < 0.3 {
            modifier = "deep "
        } else if l > 0.75 {
            modifier = "pale "
        } else if s < 0.35 {
            modifier = "muted "
        } else if s > 0.75 {
            modifier = ["red", "orange", "yellow", "pink", "magenta"].contains(base) ? "warm " : "vivid "
        } else {
            modifier = ""
        }
        return modifier + base
    }
}
