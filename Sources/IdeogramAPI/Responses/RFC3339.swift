import Foundation

/// RFC 3339 timestamps without `DateFormatter` (not `Sendable`, and slow to create): plain
/// calendar arithmetic on the proleptic Gregorian calendar in UTC.
public enum RFC3339 {
    /// `2024-12-15T17:32:00.965408+00:00`: always six fraction digits and `+00:00`.
    public static func format(_ date: Date) -> String {
        // Int64(_:) traps on a non-finite or out-of-range double; years 0001…9999 are all RFC 3339 has.
        let interval = min(max(date.timeIntervalSince1970.isNaN ? 0 : date.timeIntervalSince1970, -62_135_596_800), 253_402_300_799)
        var seconds = Int64(interval.rounded(.down))
        var micros = Int64(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(fromDays: days)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00",
            Int(year), Int(month), Int(day),
            Int(secondOfDay / 3600), Int(secondOfDay % 3600 / 60), Int(secondOfDay % 60), Int(micros)
        )
    }

    /// Accepts `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t`/`z` and a space separator too.
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int64? {
            guard index + digits <= chars.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<digits {
                let char = chars[index]
                guard char >= 0x30, char <= 0x39 else { return nil }
                value = value * 10 + Int64(char - 0x30)
                index += 1
            }
            return value
        }
        func expect(_ allowed: Set<UInt8>) -> Bool {
            guard index < chars.count, allowed.contains(chars[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect([0x2D]), let month = number(2), expect([0x2D]),
              let day = number(2), expect([0x54, 0x74, 0x20]),
              let hour = number(2), expect([0x3A]), let minute = number(2), expect([0x3A]),
              let second = number(2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }

        var fraction = 0.0
        if index < chars.count, chars[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < chars.count, chars[index] >= 0x30, chars[index] <= 0x39 {
                fraction += Double(chars[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }

        var offsetSeconds: Int64 = 0
        if expect([0x5A, 0x7A]) {
            offsetSeconds = 0
        } else if index < chars.count, chars[index] == 0x2B || chars[index] == 0x2D {
            let sign: Int64 = chars[index] == 0x2D ? -1 : 1
            index += 1
            guard let offsetHours = number(2), expect([0x3A]), let offsetMinutes = number(2) else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == chars.count else { return nil }

        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilDate(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }
}
