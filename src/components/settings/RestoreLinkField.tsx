import { TextControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { SectionProps } from './draft';

/**
 * The restore link's template: where a cart's link sends the shopper, with {cart_key} where the cart key goes.
 * Empty: CoCart's own link on the store (the placeholder shows it), which a headless store may replace with its
 * own front end's address.
 */
export function RestoreLinkField( {
	settings,
	draft,
	onChange,
	errors,
}: SectionProps ) {
	return (
		<fieldset className="cart-sessions-settings__restore-link">
			<legend>
				{ __( 'Recovering carts', 'cart-sessions-for-cocart' ) }
			</legend>
			<TextControl
				label={ __( 'Restore link', 'cart-sessions-for-cocart' ) }
				type="url"
				className="code"
				value={ draft.restoreLink }
				placeholder={ settings.restore_link_default }
				onChange={ ( value: string ) =>
					onChange( { restoreLink: value } )
				}
				help={
					errors.restore_link ??
					sprintf(
						/* translators: 1: the placeholder {cart_key}, 2: the default link */
						__(
							'The link a cart’s “Copy restore link” and “Email the customer” give, with %1$s where the cart key goes. Leave it empty for CoCart’s own link on the store: %2$s. A headless store whose shoppers use its own front end can put that address here, if the front end loads the cart by its key.',
							'cart-sessions-for-cocart'
						),
						'{cart_key}',
						settings.restore_link_default
					)
				}
			/>
		</fieldset>
	);
}
