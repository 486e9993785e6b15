/*
 * Tag fields in the Wagtail admin that never lose what the editor typed.
 *
 * Wagtail 8.0's tag widget is jQuery tag-it with jQuery UI autocomplete
 * (TagController, `w-tag`). tag-it creates a tag on Enter, Tab, comma and
 * blur only while the autocomplete menu is closed: with the menu open it
 * leaves the choice to the menu, and the menu acts only on a highlighted
 * item. So typing "ledelse" while the menu suggests "Ledelse" and pressing
 * Enter, Tab or comma made no chip, and the text, left in tag-it's own
 * unnamed input, was dropped on save. (Typing a new tag worked: no
 * suggestion, no menu.)
 *
 * This file, loaded on every admin page by movement/wagtail_hooks.py, takes
 * those keys first (capture phase) whenever no menu item is highlighted:
 * it accepts the text as a tag, in the spelling of a suggestion that matches
 * it in any case ("ledelse" -> "Ledelse"), closes the menu, and keeps an
 * existing chip instead of a case-variant duplicate. Whatever is still typed
 * when focus leaves the field or the form is submitted becomes a tag too.
 * Arrow keys plus Enter on a highlighted suggestion keep Wagtail's
 * behaviour. Without JavaScript the field is a plain comma-separated input.
 */
(function () {
    'use strict';

    var KEYS = { Enter: true, Tab: true, ',': true };

    function jq() {
        return window.jQuery;
    }

    function tagInputOf(target) {
        if (!target || target.tagName !== 'INPUT' || !target.closest) return null;
        var list = target.closest('ul.tagit');
        if (!list || !list.parentElement) return null;
        var field = list.parentElement.querySelector('[data-controller~="w-tag"]');
        return field ? { input: target, list: list, field: field } : null;
    }

    function cleaned(value) {
        return value.replace(/^\s*"(.*)"\s*$/, '$1').trim();
    }

    function menuFor(input) {
        var $ = jq();
        var $input = $(input);
        if (!$input.data('ui-autocomplete')) return null;
        return $input.autocomplete('widget');
    }

    function highlighted(input) {
        var menu = menuFor(input);
        return Boolean(menu && menu.is(':visible') && menu.find('.ui-state-active').length);
    }

    function suggestionMatching(input, name) {
        var menu = menuFor(input);
        if (!menu) return null;
        var wanted = name.toLocaleLowerCase('da');
        var found = null;
        menu.find('li').each(function () {
            var label = jq()(this).text().trim();
            if (!found && label.toLocaleLowerCase('da') === wanted) found = label;
        });
        return found;
    }

    function existingChip(field, name) {
        var wanted = name.toLocaleLowerCase('da');
        var $ = jq();
        var tags = $(field).tagit('assignedTags');
        for (var i = 0; i < tags.length; i += 1) {
            if (cleaned(tags[i]).toLocaleLowerCase('da') === wanted) return tags[i];
        }
        return null;
    }

    /* Turn what is typed into a chip; true when there was something to accept. */
    function accept(parts) {
        var $ = jq();
        var name = cleaned(parts.input.value);
        if (!name) return false;
        var $input = $(parts.input);
        if ($input.data('ui-autocomplete')) $input.autocomplete('close');
        var suggestion = suggestionMatching(parts.input, name);
        var options = $(parts.field).tagit('option', 'autocompleteOnly');
        if (options && !suggestion) return false; // only existing tags allowed: leave it for the editor
        if (!existingChip(parts.field, suggestion || name)) {
            $(parts.field).tagit('createTag', suggestion || name);
        }
        parts.input.value = '';
        $input.data('autocomplete-open', false);
        return true;
    }

    document.addEventListener(
        'keydown',
        function (event) {
            if (!KEYS[event.key] || event.isComposing || !jq()) return;
            var parts = tagInputOf(event.target);
            if (!parts || !cleaned(parts.input.value) || highlighted(parts.input)) return;
            if (accept(parts)) {
                if (event.key !== 'Tab') event.preventDefault();
                event.stopPropagation();
            }
        },
        true,
    );

    document.addEventListener(
        'focusout',
        function (event) {
            if (!jq()) return;
            var parts = tagInputOf(event.target);
            if (!parts) return;
            var menu = menuFor(parts.input);
            if (menu && event.relatedTarget && menu[0].contains(event.relatedTarget)) return;
            accept(parts);
        },
        true,
    );

    document.addEventListener(
        'submit',
        function (event) {
            if (!jq() || !event.target.querySelectorAll) return;
            var inputs = event.target.querySelectorAll('ul.tagit input');
            for (var i = 0; i < inputs.length; i += 1) {
                var parts = tagInputOf(inputs[i]);
                if (parts) accept(parts);
            }
        },
        true,
    );
})();
