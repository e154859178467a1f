"""The suggestion tools of a coding window, installed with one call from the window.

Codes › Suggestions holds the list (the dock, made on first use), the four keys and Propagate After
Coding; Tools holds Suggest Codes…. Training a model is not in the app yet: :meth:`add_train_action`
is the place for it (Tools › Train Model…, after Suggest Codes…), taking the function to call.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction

from .propagate_after import PropagateAfterCoding
from .suggest_flow import SuggestFlow
from .suggestion_keys import SuggestionKeys


class SuggestionTools:
    def __init__(self, window):
        self.window = window
        self.keys = SuggestionKeys(window)
        self.flow = SuggestFlow(window)
        self.propagate = PropagateAfterCoding(window, self.keys.propagate_action)
        menu = window.menu("Codes").addMenu("Su&ggestions")
        self.list_action = QAction("Suggestions &List", window)
        self.list_action.setObjectName("suggestionsListAction")
        self.list_action.triggered.connect(self.show_panel)
        menu.addAction(self.list_action)
        menu.addSeparator()
        menu.addActions(self.keys.actions)
        menu.addSeparator()
        menu.addAction(self.keys.propagate_action)
        self.suggest_action = window.add_tool_action("Tools", "Su&ggest Codes…", self.flow.ask)
        self.suggest_action.setObjectName("suggestCodesAction")

    def show_panel(self):
        from .suggestions_panel import show_suggestions_panel

        return show_suggestions_panel(self.window)

    def add_train_action(self, train: Callable[[], None]) -> QAction:
        """Tools › Train Model…, right after Suggest Codes…, calling ``train()`` (the lead wires it)."""
        action = QAction("&Train Model…", self.window)
        action.setObjectName("trainModelAction")
        action.triggered.connect(train)
        self.window.menu("Tools").insertAction(self._after_suggest(), action)
        return action

    def _after_suggest(self):
        actions = self.window.menu("Tools").actions()
        i = actions.index(self.suggest_action)
        return actions[i + 1] if i + 1 < len(actions) else None

    def stop(self) -> None:
        self.propagate.stop()
