import '@testing-library/jest-dom';

// jsdom does not implement scrolling; components call it when modals open and close.
window.scrollTo = () => {};
