import { startTransition, type FormEvent } from "react";

/**
 * onSubmit for forms driven by `useActionState`: runs the action in a transition without React's automatic form
 * reset, so what the person typed stays in place next to the error messages. The clicked button's name/value
 * (e.g. decision=approve) is part of the data. Without JavaScript the form's `action` still posts normally.
 */
export function submitInPlace(formAction: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(data));
  };
}
