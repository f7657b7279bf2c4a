-module(p051_float_format).
-export([main/0]).
%% Floats printed by ~w: shortest round-trip forms across magnitudes.
main() -> [0.1, 0.2 + 0.1, 1/3, 2/3, 1.0e15, 1.0e16, 123456789012345.0, 1.0e-3, 1.0e-4, 5.0e-324, 1.7976931348623157e308,
           -0.0, 100.0, 1.5e10, 9007199254740993.0, 0.000123, 12.5, 3.0e-5, float(1 bsl 53), 2.5e-7 * 4].
