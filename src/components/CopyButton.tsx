import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Copies text to the clipboard and says so; the label names what is copied.
 * @param root0
 * @param root0.text
 * @param root0.label
 * @param root0.variant
 * @param root0.children
 */
export function CopyButton( {
	text,
	label,
	variant = 'tertiary',
	children,
}: {
	text: string;
	label: string;
	variant?: 'secondary' | 'tertiary';
	children?: string;
} ) {
	const [ copied, setCopied ] = useState( false );
	const copy = async () => {
		try {
			await window.navigator.clipboard.writeText( text );
			setCopied( true );
			window.setTimeout( () => setCopied( false ), 2000 );
		} catch {
			// Clipboard refused (insecure origin, permissions): nothing was copied, say nothing false.
			setCopied( false );
		}
	};
	return (
		<Button
			variant={ variant }
			size="small"
			onClick={ copy }
			label={ label }
			showTooltip
		>
			{ copied
				? __( 'Copied', 'cart-sessions-for-cocart' )
				: ( children ?? __( 'Copy', 'cart-sessions-for-cocart' ) ) }
		</Button>
	);
}
