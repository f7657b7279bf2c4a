-module(differential_runner).
-export([run/1]).
%% Runs Module:main() and prints its outcome exactly as regenerate.sh does on erl, so the
%% runtime's own output can be compared byte for byte with the .expected files.
run(Module) ->
    R = try {ok, Module:main()} catch C:E -> {uncaught, C, E} end,
    case R of
        {ok, V} -> io:format("=> ~w~n", [V]);
        {uncaught, C2, E2} -> io:format("=> uncaught ~w:~w~n", [C2, E2])
    end,
    done.
