%% Version 2 of hot (same module name, compiled into v2/).
-module(hot).
-export([version/0]).
version() -> 2.
