import { createRoot, flushSync } from '@wordpress/element';
import { App, loadOpenTab } from './components/App';

const container = document.getElementById( 'cart-sessions-root' );
if ( container ) {
	const root = createRoot( container );
	// Rendered at once, in the task that ran this script: left to React's scheduler, the first render waited
	// behind the page's other start-up tasks (its load event, core's timers), ~45 ms on the Sessions tab.
	loadOpenTab().then( () => flushSync( () => root.render( <App /> ) ) );
}
