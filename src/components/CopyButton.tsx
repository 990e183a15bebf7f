import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Copies text to the clipboard and says so; the label names what is copied.
 */
export function CopyButton( {
	text,
	label,
	variant = 'tertiary',
	children,
	iconOnly = false,
}: {
	text: string;
	label: string;
	variant?: 'secondary' | 'tertiary';
	children?: string;
	/** A small clipboard icon instead of the word (table cells); the label stays the name. */
	iconOnly?: boolean;
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
	if ( iconOnly ) {
		return (
			<Button
				variant={ variant }
				size="small"
				onClick={ copy }
				icon={ copied ? 'yes' : 'clipboard' }
				label={
					copied ? __( 'Copied', 'cart-sessions-for-cocart' ) : label
				}
				showTooltip
			/>
		);
	}
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
