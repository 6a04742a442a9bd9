/// The ISO 4217 currency codes a policy may use, with their minor units.
///
/// Active national and supranational currencies as of 2025; fund codes, precious metals,
/// the IMF's special drawing right (`XDR`, which has no minor unit) and the testing codes
/// (`XTS`, `XXX`) are left out because nothing is priced in them.
/// The interpreter rounds money to `minorUnit(of:)` decimal places.
public enum ISO4217 {
    /// Every known code, sorted.
    public static let codes: [String] = table.keys.sorted()

    /// Whether `code` is a known currency.
    public static func isKnown(_ code: String) -> Bool { table[code] != nil }

    /// The number of decimal places of the currency's minor unit (2 for EUR, 0 for JPY).
    public static func minorUnit(of code: String) -> Int? { table[code] }

    private static let table: [String: Int] = {
        var table: [String: Int] = [:]
        let twoDecimals = """
            AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP \
            BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP \
            GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW \
            KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR \
            MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR \
            SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS \
            UAH USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
            """
        for code in twoDecimals.split(separator: " ") { table[String(code)] = 2 }
        for code in ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"] {
            table[code] = 0
        }
        for code in ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"] { table[code] = 3 }
        table["CLF"] = 4
        return table
    }()
}
