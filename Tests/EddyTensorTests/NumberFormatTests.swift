// Julia's float text forms (julia-spec §3.3 and Julia's test/ryu.jl).

import Testing

@testable import EddyTensor

@Suite struct NumberFormatTests {
  @Test("Float64 show", arguments: [
    (0.1, "0.1"), (1e-4, "0.0001"), (2.5e-4, "0.00025"), (1e-5, "1.0e-5"), (12345.0, "12345.0"),
    (100000.0, "100000.0"), (123456.0, "123456.0"), (1e6, "1.0e6"), (1.234567e6, "1.234567e6"),
    (1e10, "1.0e10"), (8192.0e3, "8.192e6"), (9007199254740992.0, "9.007199254740992e15"),
    (1.0 / 3.0, "0.3333333333333333"), (0.1 + 0.2, "0.30000000000000004"),
    (1.0e15 + 1.0, "1.000000000000001e15"), (-0.0, "-0.0"), (0.0, "0.0"), (1.0, "1.0"),
    (Double.infinity, "Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"),
    (5e-324, "5.0e-324"), (1.7976931348623157e308, "1.7976931348623157e308"), (5.0e-9, "5.0e-9"),
    (-1.5, "-1.5"), (1.6439345666815615, "1.6439345666815615"), (Double.pi, "3.141592653589793"),
    (12.0, "12.0"), (2.5, "2.5"), (-2.5e-4, "-0.00025"), (999999.0, "999999.0"), (1e-3, "0.001"),
    (167.0, "167.0"), (1e100, "1.0e100"), (1.5e-10, "1.5e-10"),
  ])
  func float64Show(x: Double, expected: String) {
    #expect(NumberFormat.show(x) == expected)
  }

  @Test("Float32 typed show", arguments: [
    (Float(0.5), "0.5f0"), (2.5e-4, "0.00025f0"), (-1.5, "-1.5f0"), (1.25, "1.25f0"),
    (Float(1.25).nextUp, "1.2500001f0"), (Float.ulpOfOne, "1.1920929f-7"), (0, "0.0f0"),
    (0.009802654, "0.009802654f0"), (Float(Double.pi), "3.1415927f0"), (Float(2).squareRoot(), "1.4142135f0"),
    (305404.12, "305404.12f0"), (4103.9003, "4103.9004f0"), (8388608, "8.388608f6"),
    (1e10, "1.0f10"), (Float.infinity, "Inf32"), (-Float.infinity, "-Inf32"), (Float.nan, "NaN32"),
    (-0.0, "-0.0f0"), (1e-5, "1.0f-5"), (Float.greatestFiniteMagnitude, "3.4028235f38"),
    (Float.leastNonzeroMagnitude, "1.0f-45"), (100000, "100000.0f0"), (2, "2.0f0"),
  ])
  func float32Show(x: Float, expected: String) {
    #expect(NumberFormat.show(x) == expected)
  }

  @Test("Float32 print (string) form", arguments: [
    (Float(1e-7), "1.0e-7"), (3.0540412e5, "305404.12"), (8.0990312e3, "8099.0312"),
    (2.4414062e-4, "0.00024414062"), (0.0010310042, "0.0010310042"), (4103.9003, "4103.9004"),
    (8388608, "8.388608e6"), (200, "200.0"), (1.0e-44, "1.0e-44"), (0.5, "0.5"),
    (1e-5, "1.0e-5"), (Float.infinity, "Inf"), (Float.nan, "NaN"), (2, "2.0"),
  ])
  func float32Print(x: Float, expected: String) {
    #expect(NumberFormat.print(x) == expected)
  }

  @Test func float32UntypedShowKeepsExponentMarker() {
    #expect(NumberFormat.showUntyped(1e-5) == "1.0f-5")
    #expect(NumberFormat.showUntyped(1e10) == "1.0f10")
    #expect(NumberFormat.showUntyped(0.5) == "0.5")
    #expect(NumberFormat.showUntyped(.infinity) == "Inf")
  }

  @Test("compact Float64", arguments: [
    (0.20058603493384108, "0.200586"), (1234567.0, "1.23457e6"), (12345678910.0, "1.23457e10"),
    (1.015625, "1.01562"), (1.046875, "1.04688"), (0.001234567, "0.00123457"),
    (6.938893903907228e-17, "6.93889e-17"), (5e-324, "5.0e-324"), (Double.pi, "3.14159"),
    (0.49999999, "0.5"), (0.9999999, "1.0"), (123.4567, "123.457"), (22.89825, "22.8983"),
    (0.025621074, "0.0256211"), (123456.7, "1.23457e5"), (12345.67, "12345.7"),
    (100000.0, "100000.0"), (1.0, "1.0"), (-2.5, "-2.5"), (1.0 / 3.0, "0.333333"),
    (0.5, "0.5"), (1e-5, "1.0e-5"), (999999.5, "1.0e6"),
  ])
  func compactFloat64(x: Double, expected: String) {
    #expect(NumberFormat.compact(x) == expected)
  }

  @Test func compactFloat32() {
    #expect(NumberFormat.compact(Float.leastNonzeroMagnitude) == "1.0f-45")
    #expect(NumberFormat.compact(Float(0.009802654)) == "0.00980265")
    #expect(NumberFormat.compact(Float(1e-5)) == "1.0f-5")
    #expect(NumberFormat.compact(Float(100)) == "100.0")
    #expect(NumberFormat.compact(Float.pi) == "3.14159")
  }

  @Test func integers() {
    #expect(NumberFormat.integer(42) == "42")
    #expect(NumberFormat.integer(-7) == "-7")
    #expect(NumberFormat.integer(-8446744073709551616) == "-8446744073709551616")
  }
}
