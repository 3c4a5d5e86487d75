import IdeogramAPI

extension ImagePipeline {
    /// How many images to charge: those delivered, plus — only when the operator turned on
    /// `charge_unsafe_images` — those the safety check withheld. An image lost to our own
    /// delivery failure is never charged.
    ///
    /// The setting is read only when something was withheld, so the common path costs nothing.
    func billableImages(_ items: [GeneratedImage]) async -> Int {
        let delivered = items.filter { $0.url != nil }.count
        let withheld = items.filter { $0.url == nil && !$0.isImageSafe }.count
        guard withheld > 0, await OperatorSettings(store: store).chargeUnsafeImages() else { return delivered }
        return delivered + withheld
    }
}
