import IdeogramAPI

/// Which of the images a billing channel returned nobody pays for, and why.
enum LossAccounting {
    /// `billable` is what the customer is charged for: the delivered images, plus the withheld
    /// ones when the operator charges for those.
    static func losses(
        _ items: [GeneratedImage], billable: Int, requestID: String, accountID: String, channel: String, at: Millis
    ) -> [OperatorLoss] {
        let delivered = items.filter { $0.url != nil }.count
        let withheld = items.filter { !$0.isImageSafe }.count
        let undelivered = items.filter { $0.isImageSafe && $0.url == nil }.count
        let withheldUnpaid = max(0, withheld - max(0, billable - delivered))
        var out: [OperatorLoss] = []
        if withheldUnpaid > 0 {
            out.append(OperatorLoss(
                requestID: requestID, accountID: accountID, channel: channel, images: withheldUnpaid, reason: .withheldBySafety,
                createdAt: at))
        }
        if undelivered > 0 {
            out.append(OperatorLoss(
                requestID: requestID, accountID: accountID, channel: channel, images: undelivered, reason: .notDelivered,
                createdAt: at))
        }
        return out
    }
}
