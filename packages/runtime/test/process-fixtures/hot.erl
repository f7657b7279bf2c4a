%% Version 1 of a module that is hot-loaded by load_demo (hot_v2.erl is version 2).
-module(hot).
-export([version/0]).
version() -> 1.
