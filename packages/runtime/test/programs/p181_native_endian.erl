-module(p181_native_endian).
-export([main/0]).
%% native-endian segments read and write as little-endian on the little-endian hosts both
%% VMs run on (they were big-endian here): integers, floats, utf16, matched and built.
main() ->
    B = <<1,0,255,255,0,0,128,63>>,
    <<A:16/native, C:16/native-signed, F:32/float-native>> = B,
    Built = <<258:16/native, 1.5:32/float-native, (id(3)):24/native>>,
    <<X/utf16-native>> = <<65,0>>,
    {A, C, F, Built, X, <<$B/utf16-native>>}.
id(X) -> X.
