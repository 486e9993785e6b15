/*
 * "Udgiv" (or any other button of the page form) waits for an autosave
 * that is under way, then goes to where that autosave put the page.
 *
 * Wagtail 8.0's autosave (the `w-autosave` controller on the page form)
 * posts the form 500 ms after a change. On a new page its first success
 * creates the page and moves the form to the edit view. Clicking a submit
 * button did not wait for it: when the click fell in that window, the
 * autosave created the page and the publish, still posted to the create
 * view, was refused with "Sluggen ... er allerede i brug" next to a stray
 * draft (seen in CI: docs/pitfalls.md, session 6).
 *
 * So while an autosave is pending (from its `save` event to its `success` or
 * `error` event), a submit is held: the clicked button's name and value go
 * into a hidden input, and the form is submitted again once the autosave has
 * ended, to the form's action as the autosave left it. Autosave is switched
 * off for a form once it is being submitted, so no autosave races the
 * submit either. If an autosave never reports back, the submit goes ahead
 * after HOLD_MS. Without JavaScript there is no autosave to wait for.
 */
(function () {
    'use strict';

    var HOLD_MS = 15000;
    var pending = new WeakSet();
    var held = new WeakMap();

    function isAutosaveForm(form) {
        return Boolean(
            form && form.getAttribute && (form.getAttribute('data-controller') || '').split(/\s+/).indexOf('w-autosave') !== -1,
        );
    }

    function release(form) {
        var hold = held.get(form);
        if (!hold) return;
        held.delete(form);
        window.clearTimeout(hold.timer);
        if (hold.name) {
            var carried = document.createElement('input');
            carried.type = 'hidden';
            carried.name = hold.name;
            carried.value = hold.value;
            carried.setAttribute('data-autosave-submit-carried', '');
            form.appendChild(carried);
        }
        form.requestSubmit();
    }

    document.addEventListener('w-autosave:save', function (event) {
        if (!isAutosaveForm(event.target) || event.defaultPrevented) return;
        pending.add(event.target);
    });

    function ended(event) {
        var form = event.target;
        if (!isAutosaveForm(form)) return;
        pending.delete(form);
        // After the task that reported the end: if Wagtail's autosave starts
        // another save for edits made meanwhile, the submit waits for it too.
        window.setTimeout(function () {
            release(form);
        }, 0);
    }

    document.addEventListener('w-autosave:success', ended);
    document.addEventListener('w-autosave:error', ended);

    document.addEventListener(
        'submit',
        function (event) {
            var form = event.target;
            if (!isAutosaveForm(form)) return;
            if (pending.has(form)) {
                event.preventDefault();
                event.stopImmediatePropagation();
                if (!held.has(form)) {
                    var button = event.submitter;
                    held.set(form, {
                        name: button && button.name ? button.name : '',
                        value: button && button.name ? button.value : '',
                        timer: window.setTimeout(function () {
                            pending.delete(form);
                            release(form);
                        }, HOLD_MS),
                    });
                }
                return;
            }
            form.setAttribute('data-w-autosave-active-value', 'false');
        },
        true,
    );
})();
