%% beamload's own error_logger, preloaded by the runtime (OTP's is in kernel, which a
%% beamload code path does not hold): what stdlib's proc_lib needs to write a crash
%% report (get_format_depth/0, limit_term/1; the depth is unlimited, erl's default), and
%% the classic calls, which go to our logger as erl 21+ sends them there.
-module(error_logger).
-export([get_format_depth/0, limit_term/1, error_msg/1, error_msg/2, warning_msg/1,
         warning_msg/2, info_msg/1, info_msg/2, error_report/1, warning_report/1,
         info_report/1]).

get_format_depth() -> unlimited.

limit_term(Term) -> Term.

error_msg(Format) -> error_msg(Format, []).
error_msg(Format, Args) -> logger:log(error, Format, Args, #{error_logger => #{tag => error}}).
warning_msg(Format) -> warning_msg(Format, []).
warning_msg(Format, Args) -> logger:log(warning, Format, Args, #{error_logger => #{tag => warning_msg}}).
info_msg(Format) -> info_msg(Format, []).
info_msg(Format, Args) -> logger:log(info, Format, Args, #{error_logger => #{tag => info_msg}}).
error_report(Report) -> logger:log(error, report(Report), #{error_logger => #{tag => error_report, type => std_error}}).
warning_report(Report) -> logger:log(warning, report(Report), #{error_logger => #{tag => warning_report, type => std_warning}}).
info_report(Report) -> logger:log(info, report(Report), #{error_logger => #{tag => info_report, type => std_info}}).

report(Report) when is_map(Report); is_list(Report) -> Report;
report(Other) -> [Other].
