%% beamload's own logger, preloaded by the runtime. OTP's lives in kernel, which a beamload
%% code path does not hold, yet stdlib calls it: supervisor's progress and child reports,
%% proc_lib's crash reports, gen_server's termination report. Without it a supervisor
%% could not even start. This does what erl -noshell's default setup does with those
%% calls: primary level notice, and the default handler's legacy text on standard_io
%% ("=ERROR REPORT==== 28-Nov-2026::22:09:32.833415 ===", then the message). Not built:
%% handlers, filters, formatter options, set_*_config (undef), metadata beyond report_cb
%% and error_logger's report type. Times are UTC (erl prints local time).
-module(logger).
-export([allow/2, macro_log/3, macro_log/4, macro_log/5, log/2, log/3, log/4,
         emergency/1, emergency/2, emergency/3, alert/1, alert/2, alert/3,
         critical/1, critical/2, critical/3, error/1, error/2, error/3,
         warning/1, warning/2, warning/3, notice/1, notice/2, notice/3,
         info/1, info/2, info/3, debug/1, debug/2, debug/3,
         get_primary_config/0, compare_levels/2, format_report/1]).

-define(PRIMARY_LEVEL, notice).

severity(emergency) -> 0;
severity(alert) -> 1;
severity(critical) -> 2;
severity(error) -> 3;
severity(warning) -> 4;
severity(notice) -> 5;
severity(info) -> 6;
severity(debug) -> 7;
severity(Other) -> erlang:error(badarg, [Other]).

compare_levels(A, B) ->
    case {severity(A), severity(B)} of
        {S, S} -> eq;
        {SA, SB} when SA < SB -> gt;
        _ -> lt
    end.

allow(Level, _Module) -> severity(Level) =< severity(?PRIMARY_LEVEL).

get_primary_config() -> #{level => ?PRIMARY_LEVEL, filter_default => log, filters => [], metadata => #{}}.

macro_log(_Location, Level, Format, Args, Meta) -> emit(Level, {Format, Args}, Meta).
macro_log(_Location, Level, {report, _} = Report, Meta) -> emit(Level, Report, Meta);
macro_log(_Location, Level, StringOrReport, Meta) -> emit(Level, message(StringOrReport), Meta).
macro_log(_Location, Level, StringOrReport) -> emit(Level, message(StringOrReport), #{}).

log(Level, StringOrReport) -> emit(Level, message(StringOrReport), #{}).
log(Level, Format, Args) when is_list(Args) -> emit(Level, {Format, Args}, #{});
log(Level, StringOrReport, Meta) -> emit(Level, message(StringOrReport), Meta).
log(Level, Format, Args, Meta) -> emit(Level, {Format, Args}, Meta).

emergency(A) -> log(emergency, A).
emergency(A, B) -> log(emergency, A, B).
emergency(A, B, C) -> log(emergency, A, B, C).
alert(A) -> log(alert, A).
alert(A, B) -> log(alert, A, B).
alert(A, B, C) -> log(alert, A, B, C).
critical(A) -> log(critical, A).
critical(A, B) -> log(critical, A, B).
critical(A, B, C) -> log(critical, A, B, C).
error(A) -> log(error, A).
error(A, B) -> log(error, A, B).
error(A, B, C) -> log(error, A, B, C).
warning(A) -> log(warning, A).
warning(A, B) -> log(warning, A, B).
warning(A, B, C) -> log(warning, A, B, C).
notice(A) -> log(notice, A).
notice(A, B) -> log(notice, A, B).
notice(A, B, C) -> log(notice, A, B, C).
info(A) -> log(info, A).
info(A, B) -> log(info, A, B).
info(A, B, C) -> log(info, A, B, C).
debug(A) -> log(debug, A).
debug(A, B) -> log(debug, A, B).
debug(A, B, C) -> log(debug, A, B, C).

message(Report) when is_map(Report) -> {report, Report};
message([{_, _} | _] = Report) -> {report, Report};
message(String) -> {string, String}.

emit(Level, Message, Meta) ->
    case allow(Level, undefined) of
        true -> io:put_chars([header(Level, Meta), body(Message, Meta), $\n]);
        false -> ok
    end,
    ok.

%% The legacy header: error_logger's own report types keep their names.
header(Level, Meta) ->
    Label = case Meta of
                #{error_logger := #{type := crash_report}} -> "CRASH";
                #{error_logger := #{type := supervisor_report}} -> "SUPERVISOR";
                #{error_logger := #{type := progress}} -> "PROGRESS";
                _ -> string:uppercase(atom_to_list(Level))
            end,
    Micros = erlang:system_time(microsecond),
    {{Y, Mo, D}, {H, Mi, S}} = calendar:system_time_to_universal_time(Micros, microsecond),
    io_lib:format("=~s REPORT==== ~w-~s-~4..0w::~2..0w:~2..0w:~2..0w.~6..0w ===~n",
                  [Label, D, month(Mo), Y, H, Mi, S, Micros rem 1000000]).

month(M) -> element(M, {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}).

body({string, String}, _Meta) -> String;
body({Format, Args}, _Meta) when is_list(Args) -> io_lib:format(Format, Args);
body({report, Report}, #{report_cb := Callback}) when is_function(Callback, 1) ->
    {Format, Args} = Callback(Report),
    io_lib:format(Format, Args);
body({report, Report}, #{report_cb := Callback}) when is_function(Callback, 2) ->
    Callback(Report, #{depth => unlimited, chars_limit => unlimited, single_line => false});
body({report, Report}, _Meta) ->
    {Format, Args} = format_report(Report),
    io_lib:format(Format, Args).

%% logger:format_report/1: a string as it is, else one "    Key: Value" line per pair
%% (a string value as text, anything else as ~tp), as kernel's logger formats them.
format_report(Report) when is_map(Report) -> format_report(lists:sort(maps:to_list(Report)));
format_report(Report) when is_list(Report) ->
    case is_string(Report) of
        true -> {"~ts", [lists:flatten(Report)]};
        false -> format_term_list(Report, [], [])
    end;
format_report(Other) -> {"~tp", [Other]}.

format_term_list([{Tag, Data} | Rest], Formats, Args) ->
    Control = case is_string(Data) of
                  true -> "    ~tp: ~ts";
                  false -> "    ~tp: ~tp"
              end,
    format_term_list(Rest, [Control | Formats], [Data, Tag | Args]);
format_term_list([Data | Rest], Formats, Args) ->
    format_term_list(Rest, ["    ~tp" | Formats], [Data | Args]);
format_term_list([], Formats, Args) ->
    {lists:flatten(lists:join($\n, lists:reverse(Formats))), lists:reverse(Args)}.

is_string(List) when is_list(List), List =/= [] ->
    try io_lib:printable_unicode_list(lists:flatten(List)) catch _:_ -> false end;
is_string(_) -> false.
