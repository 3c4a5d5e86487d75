/// Sine and cosine from a polynomial, so the renderer needs no libm import and gives the
/// same pixels on every platform. Accurate to about 1e-4, far below one 8-bit colour step.
enum Trig {
    static func sin(_ x: Float) -> Float {
        let twoPi: Float = 2 * .pi
        var t = x - twoPi * (x / twoPi).rounded(.down)  // 0 ..< 2π
        if t > .pi { t -= twoPi }  // -π ... π
        // Fold into -π/2 ... π/2, where the odd Taylor series converges quickly.
        if t > .pi / 2 { t = .pi - t } else if t < -.pi / 2 { t = -.pi - t }
        let t2 = t * t
        return t * (1 - t2 / 6 * (1 - t2 / 20 * (1 - t2 / 42 * (1 - t2 / 72))))
    }

    static func cos(_ x: Float) -> Float {
        sin(x + .pi / 2)
    }
}
