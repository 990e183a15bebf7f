import { Button, Modal, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import {
	clearExpiredCarts,
	type ClearExpiredOutcome,
} from '../../api/sessions';
import { useAction } from '../../hooks/useAction';
import { ConfirmButtons } from './ConfirmButtons';

/**
 * "Clear expired carts" with a confirmation: runs CoCart's own bulk tool on the store, the way out when the
 * store holds too many carts to list (expired carts are usually most of them).
 */
export function ClearExpired( {
	onDone,
}: {
	/** Called after the dialog closes once the tool has run. */
	onDone: () => void;
} ) {
	const [ open, setOpen ] = useState( false );
	const [ outcome, setOutcome ] = useState< ClearExpiredOutcome | null >(
		null
	);
	const { run, busy, error } = useAction( async () =>
		setOutcome( await clearExpiredCarts() )
	);
	const close = () => {
		setOpen( false );
		if ( outcome ) {
			setOutcome( null );
			onDone();
		}
	};

	return (
		<>
			<Button variant="primary" onClick={ () => setOpen( true ) }>
				{ __( 'Clear expired carts', 'cart-sessions-for-cocart' ) }
			</Button>
			{ open && (
				<Modal
					title={ __(
						'Clear expired carts',
						'cart-sessions-for-cocart'
					) }
					onRequestClose={ close }
				>
					{ outcome ? (
						<p role="status">{ outcome.message }</p>
					) : (
						<p>
							{ __(
								'CoCart’s own tool deletes every expired cart on the store in one step. Active carts are kept. This cannot be undone.',
								'cart-sessions-for-cocart'
							) }
						</p>
					) }
					{ error && (
						<Notice status="error" isDismissible={ false }>
							{ error.message } { error.fix }
						</Notice>
					) }
					<div className="cart-sessions-delete__buttons">
						{ outcome ? (
							<Button variant="primary" onClick={ close }>
								{ __( 'Done', 'cart-sessions-for-cocart' ) }
							</Button>
						) : (
							<ConfirmButtons
								label={ __(
									'Clear expired carts',
									'cart-sessions-for-cocart'
								) }
								busy={ busy }
								onCancel={ close }
								onConfirm={ run }
							/>
						) }
					</div>
				</Modal>
			) }
		</>
	);
}
