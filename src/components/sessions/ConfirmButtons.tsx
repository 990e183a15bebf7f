import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import { Spinner } from '../Loading';

/**
 * Cancel and a destructive confirm, both held while the action runs: the foot of every "delete carts" dialog.
 */
export function ConfirmButtons( {
	label,
	busy,
	disabled = false,
	onCancel,
	onConfirm,
}: {
	/** The confirm button's words (names what goes). */
	label: string;
	/** The action is running. */
	busy: boolean;
	/** Not confirmable yet (a second confirmation is still unticked). */
	disabled?: boolean;
	onCancel: () => void;
	onConfirm: () => void;
} ) {
	return (
		<>
			<Button variant="tertiary" onClick={ onCancel } disabled={ busy }>
				{ __( 'Cancel', 'cart-sessions-for-cocart' ) }
			</Button>
			<Button
				variant="primary"
				isDestructive
				onClick={ onConfirm }
				disabled={ busy || disabled }
				aria-disabled={ busy || disabled }
			>
				{ busy && <Spinner /> }
				{ label }
			</Button>
		</>
	);
}
