"""The copilot's graph: model → tools → … → answer, with a human approval before any spending.

One graph serves every face and every model. Spending tools get their own two nodes so that nothing with a
side effect runs twice on resume: `prepare_spend` records the request idempotently, `await_approval` pauses
with `interrupt()` and executes only after the human decision arrives via `Command(resume=...)`. Both steps are
idempotent by contract, so a transient database fault (copilot/store/faults.py) repeats them a bounded number of
times; any other tool meeting such a fault gets a plain "database busy, nothing saved" error instead.

A decision that fails to be carried out (a fault outlasting the retries) leaves no trace in the thread: the node
records only `decision_fault` and the approval is asked again by a fresh interrupt, because LangGraph hands a
failed task's resume value back to every later resume of that same task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.messages.tool import InvalidToolCall
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from langgraph.graph import START, StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.runtime import Runtime, get_runtime
from langgraph.types import interrupt

from copilot.context import Context
from copilot.i18n import language_of
from copilot.state import InputState, State
from copilot.store.faults import is_transient, retry_transient
from copilot.streamed_calls import strict_tool_calls
from copilot.toolset import Toolset
from tools.result import ToolRefusal, capped_view
from tools.spending import ApprovalRequest, Decision

log = logging.getLogger(__name__)

ModelFactory = Callable[[Context], BaseChatModel]
SystemPrompt = Callable[[Context], str]


def _turn_language(messages: list[AnyMessage]) -> str:
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            return language_of(str(message.content))
    return "en"


STEP_LIMIT_TEXT = {
    "zh": "抱歉，这个问题在允许的步骤内没能完成。请把问题拆小一些，或换个问法再试一次。",
    "en": "Sorry, I could not finish this within the allowed number of steps. "
    "Please ask a narrower question or rephrase it.",
}
MODEL_FAILED_TEXT = {
    "zh": "抱歉，模型服务暂时不可用，这一轮没有完成，也没有做任何改动。请稍后重试。",
    "en": "Sorry, the model service is unavailable right now; this turn did not finish and nothing was "
    "changed. Please try again in a moment.",
}


FAULT_TRANSIENT = "transient"
FAULT_ERROR = "error"

STORE_BUSY_TEXT = (
    "Error: the store's database is busy or unreachable right now; this step did not finish and nothing of it "
    "was saved. Try again in a moment."
)


def _last_ai(messages: list[AnyMessage]) -> AIMessage | None:
    for message in reversed(messages):
        if isinstance(message, AIMessage):
            return message
    return None


def _answered_ids(messages: list[AnyMessage]) -> set[str]:
    return {m.tool_call_id for m in messages if isinstance(m, ToolMessage)}


def _compact_schema(node: Any) -> Any:
    """A JSON schema without the noise of optional arguments: `anyOf [T, null]` becomes T, `default: null` goes.

    The argument stays optional (it is not in `required`), so the meaning for the model is unchanged.
    """
    if isinstance(node, list):
        return [_compact_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    any_of = node.get("anyOf")
    if isinstance(any_of, list) and len(any_of) == 2 and {"type": "null"} in any_of:
        (other,) = [branch for branch in any_of if branch != {"type": "null"}]
        node = {**{k: v for k, v in node.items() if k != "anyOf"}, **other}
    if "default" in node and node["default"] is None:
        node = {k: v for k, v in node.items() if k != "default"}
    if _restates_enum(node):
        node = {k: v for k, v in node.items() if k != "description"}
    return {key: _compact_schema(value) for key, value in node.items()}


def _restates_enum(node: dict[str, Any]) -> bool:
    """A short description that only lists the enum's values again says nothing the enum does not."""
    description, values = node.get("description"), node.get("enum")
    if not isinstance(description, str) or not isinstance(values, list) or len(description) > 60:
        return False
    return all(str(value) in description for value in values)


def wire_tool_schemas(tools: list[BaseTool]) -> list[dict[str, Any]]:
    """The tools as OpenAI function schemas, compacted (about 30% fewer prompt tokens); built once per graph."""
    return [_compact_schema(convert_to_openai_tool(tool)) for tool in tools]


def make_builder(
    toolset: Toolset,
    model_factory: ModelFactory,
    system_prompt: SystemPrompt,
) -> StateGraph[State, Context, InputState, Any]:
    """Build the (uncompiled) graph for a toolset, a model factory and a system prompt."""
    tool_node = ToolNode(toolset.tools, handle_tool_errors=_tool_error_text)
    spending = toolset.spending
    schemas = wire_tool_schemas(toolset.model_tools)

    def call_model(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        ctx = runtime.context
        lang = _turn_language(state.messages)
        try:
            model = model_factory(ctx).bind_tools(schemas)
            with strict_tool_calls() as strict:
                response = model.invoke([SystemMessage(system_prompt(ctx)), *state.messages])
                if isinstance(response, AIMessage):
                    response = strict(response)
        except Exception:  # the provider's failure becomes a clear message; the thread stays usable
            log.exception("chat model failed for merchant %s", ctx.merchant_id)
            return {"messages": [AIMessage(MODEL_FAILED_TEXT[lang])]}
        if not isinstance(response, AIMessage):
            response = AIMessage(str(response.content))
        if state.remaining_steps < 4 and (response.tool_calls or response.invalid_tool_calls):
            return {"messages": [AIMessage(STEP_LIMIT_TEXT[lang], id=response.id)]}
        return {"messages": [response]}

    def run_tools(state: State, config: RunnableConfig) -> dict[str, Any]:
        """Run the non-spending calls; a call naming arguments its tool does not take runs not at all (an
        argument silently dropped would widen the question, e.g. a misnamed product filter). What enters the
        thread is each tool's capped view (COPILOT_TOOL_OUTPUT_MAX_BYTES)."""
        ai = _last_ai(state.messages)
        assert ai is not None
        replies = [_invalid_call_reply(call) for call in ai.invalid_tool_calls]
        calls = []
        for call in ai.tool_calls:
            if call["name"] in spending:
                continue
            tool = tool_node.tools_by_name.get(call["name"])
            if tool is not None and (unknown := sorted(set(call["args"]) - set(tool.args))):
                known = ", ".join(sorted(tool.args)) or "none"
                replies.append(
                    _error(
                        call,
                        f"{call['name']} takes no argument {', '.join(unknown)} (its arguments: {known}). "
                        "Nothing ran; call it again with those names only.",
                    )
                )
                continue
            calls.append({**call, "type": "tool_call"})
        if not calls:
            return {"messages": replies}
        result = tool_node.invoke(calls, config)
        limit = get_runtime(Context).context.settings.tool_output_max_bytes
        for message in result["messages"] if isinstance(result, dict) else result:
            if isinstance(message, ToolMessage):
                content, artifact = capped_view(message.content, message.artifact, limit)
                message = message.model_copy(update={"content": content, "artifact": artifact})
            replies.append(message)
        return {"messages": replies}

    def prepare_spend(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        ai = _last_ai(state.messages)
        assert ai is not None
        done = _answered_ids(state.messages)
        calls = [c for c in ai.tool_calls if c["name"] in spending and c["id"] not in done]
        info = runtime.execution_info
        thread_id = (info.thread_id if info is not None else None) or ""
        replies: list[ToolMessage] = []
        pending: dict[str, Any] | None = None
        for call in calls:
            call_id = call["id"] or ""
            if pending is not None:
                replies.append(_error(call, "Only one spending request can await approval at a time."))
                continue
            try:
                request = retry_transient(
                    partial(
                        spending[call["name"]].prepare,
                        runtime.context,
                        call["args"],
                        key=f"{thread_id}:{call_id}",
                        tool_call_id=call_id,
                    )
                )
            except ToolRefusal as exc:
                replies.append(_error(call, str(exc)))
                continue
            pending = request.to_dict()
        return {"messages": replies, "pending": pending}

    def await_approval(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        assert state.pending is not None
        request = ApprovalRequest.from_dict(state.pending)
        answer = interrupt({"type": "approval", **request.to_dict()})
        decision = Decision(
            approval_id=request.approval_id,
            approved=bool(answer.get("approved")),
            decided_by=str(answer.get("decided_by") or "unknown"),
            reason=answer.get("reason"),
        )
        try:
            output = retry_transient(partial(spending[request.tool].execute, runtime.context, request, decision))
            reply = ToolMessage(
                output.text, artifact=output.payload, tool_call_id=request.tool_call_id, name=request.tool
            )
        except ToolRefusal as exc:
            reply = ToolMessage(f"Error: {exc}", tool_call_id=request.tool_call_id, name=request.tool, status="error")
        except Exception as exc:  # the decision did not land: ask again, leaving no resume value behind
            transient = is_transient(exc)
            log.log(
                logging.WARNING if transient else logging.ERROR,
                "decision on %s did not land",
                request.approval_id,
                exc_info=exc,
            )
            return {"decision_fault": FAULT_TRANSIENT if transient else FAULT_ERROR}
        return {"messages": [reply], "pending": None, "decision_fault": None}

    def route_model_output(state: State) -> Literal["tools", "prepare_spend", "__end__"]:
        last = state.messages[-1]
        if not isinstance(last, AIMessage) or not (last.tool_calls or last.invalid_tool_calls):
            return "__end__"
        if last.invalid_tool_calls or any(c["name"] not in spending for c in last.tool_calls):
            return "tools"
        return "prepare_spend"

    def route_after_tools(state: State) -> Literal["prepare_spend", "call_model"]:
        ai = _last_ai(state.messages)
        if ai and any(c["name"] in spending for c in ai.tool_calls):
            return "prepare_spend"
        return "call_model"

    def route_after_prepare(state: State) -> Literal["await_approval", "call_model"]:
        return "await_approval" if state.pending else "call_model"

    def route_after_approval(state: State) -> Literal["await_approval", "call_model"]:
        """A decision that did not land is asked again by a new task, whose interrupt has no resume value yet."""
        return "await_approval" if state.decision_fault else "call_model"

    builder = StateGraph(State, context_schema=Context, input_schema=InputState)
    builder.add_node("call_model", call_model)
    builder.add_node("tools", run_tools)
    builder.add_node("prepare_spend", prepare_spend)
    builder.add_node("await_approval", await_approval)
    builder.add_edge(START, "call_model")
    builder.add_conditional_edges("call_model", route_model_output)
    builder.add_conditional_edges("tools", route_after_tools)
    builder.add_conditional_edges("prepare_spend", route_after_prepare)
    builder.add_conditional_edges("await_approval", route_after_approval)
    return builder


def _error(call: Any, text: str) -> ToolMessage:
    return ToolMessage(f"Error: {text}", tool_call_id=call["id"], name=call["name"], status="error")


def _invalid_call_reply(call: InvalidToolCall) -> ToolMessage:
    """A tool call whose arguments did not parse goes back to the model as an error, so it can retry."""
    text = (
        f"Error: the arguments of {call['name']} are not valid JSON: {call['args']!r}. "
        "Call it again with a JSON object."
    )
    return ToolMessage(text, tool_call_id=call["id"] or "", name=call["name"] or "", status="error")


def _tool_error_text(exc: Exception) -> str:
    if isinstance(exc, ToolRefusal):
        return f"Error: {exc}"
    if is_transient(exc):
        log.warning("tool failed on a database fault: %s", exc, exc_info=exc)
        return STORE_BUSY_TEXT
    log.warning("tool failed: %s", exc, exc_info=exc)
    return f"Error: the tool failed ({type(exc).__name__}). Try different arguments or another approach."


def default_builder() -> StateGraph[State, Context, InputState, Any]:
    from copilot.models import load_chat_model, system_prompt
    from copilot.toolset import default_toolset

    return make_builder(default_toolset(), load_chat_model, system_prompt)


def read_only_builder() -> StateGraph[State, Context, InputState, Any]:
    """The graph with the read-only tools only (no spending node can be reached): a question asked while an
    approval waits runs here, on no thread of its own (copilot.service)."""
    from copilot.models import load_chat_model, system_prompt
    from copilot.toolset import read_only_toolset

    return make_builder(read_only_toolset(), load_chat_model, system_prompt)


def __getattr__(name: str) -> Any:
    """`builder` and `graph` (LangGraph's conventional exports), built on first use, not at import."""
    if name == "builder":
        return default_builder()
    if name == "graph":
        return default_builder().compile(name="Merchant Copilot")
    raise AttributeError(name)
